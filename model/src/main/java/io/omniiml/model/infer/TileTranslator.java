package io.omniiml.model.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.omniiml.model.nn.NetworkOutputs;

/**
 * Pre- and post-processing of one tile, kept out of the network (DJL's Translator pattern): Java arrays in,
 * the network's input arrays; the network's outputs, probabilities as Java arrays out. The predictor's context
 * manager owns all arrays and is closed after each tile.
 */
final class TileTranslator implements NoBatchifyTranslator<TileTranslator.Tile, TileTranslator.TileResult> {
    private final int filterCount;

    TileTranslator(int filterCount) {
        this.filterCount = filterCount;
    }

    /** One tile: rgb 3*h*w in [0, 1], dct h*w, 64 quantization steps, the gate code. */
    record Tile(int width, int height, float[] rgb, int[] dct, float[] qtable, int gate) {
    }

    /** Per-pixel probability (h*w), image score, P(fused) from the gate, and the path taken. */
    record TileResult(float[] probability, float score, float fusedProbability, boolean fused) {
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Tile t) {
        NDManager m = ctx.getNDManager();
        return new NDList(
                m.create(t.rgb(), new Shape(1, 3, t.height(), t.width())),
                m.create(t.dct(), new Shape(1, t.height(), t.width())),
                m.create(t.qtable(), new Shape(1, 64)),
                m.create(new int[] {t.gate()}, new Shape(1)));
    }

    @Override
    public TileResult processOutput(TranslatorContext ctx, NDList list) {
        NetworkOutputs out = NetworkOutputs.of(list, filterCount, false);
        float[] probability = out.maskLogits().getNDArrayInternal().sigmoid().toType(DataType.FLOAT32, false)
                .toFloatArray();
        float score = out.scoreLogit().getNDArrayInternal().sigmoid().toType(DataType.FLOAT32, false).getFloat();
        NDArray gate = out.gateLogits().softmax(1).toType(DataType.FLOAT32, false);
        float fused = gate.getFloat(0, 1);
        return new TileResult(probability, score, fused, out.route().getFloat(0) > 0.5f);
    }
}
