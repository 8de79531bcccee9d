package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * Dynamic Weight Decoder. Top-down fusion (FPN-style: 1x1 lateral convolutions, bilinear upsampling, sums) of the
 * encoder features at strides 4, 8, 16, 32 into one stride-4 map F1; V_g = GAP(F1); then the chain of Dynamic
 * Weight Filters (one dilation each). Outputs {decoded (B, D, H/4, W/4), A_1, ..., A_n} with A_j (B, K) the
 * expert mixing weights of filter j.
 */
final class DynamicWeightDecoder extends LazyBlock {
    private final List<Block> laterals = new ArrayList<>();
    private final List<DynamicWeightFilter> filters = new ArrayList<>();

    DynamicWeightDecoder(int channels, int experts, int kernel, List<Integer> dilations, boolean dynamic) {
        for (int i = 0; i < 4; i++) {
            laterals.add(addChildBlock("lateral" + (i + 1), Layers.conv(channels, 1)));
        }
        for (int i = 0; i < dilations.size(); i++) {
            filters.add(addChildBlock("filter" + (i + 1),
                    new DynamicWeightFilter(channels, experts, kernel, dilations.get(i), dynamic)));
        }
    }

    int filterCount() {
        return filters.size();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray top = run(laterals.get(3), ps, inputs.get(3), training);
        for (int i = 2; i >= 0; i--) {
            NDArray lateral = run(laterals.get(i), ps, inputs.get(i), training);
            top = lateral.add(Layers.resize(top, lateral.getShape().get(2), lateral.getShape().get(3)));
        }
        NDArray globalVector = Layers.gap(top);
        NDList out = new NDList();
        NDArray x = top;
        for (DynamicWeightFilter filter : filters) {
            NDList r = filter.forward(ps, new NDList(x, globalVector), training);
            x = r.get(0);
            out.add(r.get(1));
        }
        out.add(0, x);
        return out;
    }
}
