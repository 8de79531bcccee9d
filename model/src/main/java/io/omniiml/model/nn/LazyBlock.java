package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * Base of the network's parts. Children are initialized lazily by their first training forward pass (DJL does
 * that for an uninitialized block), so no part has to restate the shape arithmetic of the others:
 * {@link OmniImlNetwork} runs one small training pass at initialization and every part is then ready.
 */
abstract class LazyBlock extends AbstractBlock {

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // lazily, on the first training forward of each child (see class comment)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + ": output shapes are known from a forward pass only");
    }

    static NDArray run(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }
}
