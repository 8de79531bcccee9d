package io.omniiml.model.nn;

import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.pretrained.MobileNetV2Trunk;

/**
 * Analytic size and cost of {@link OmniImlNetwork} for a config: parameters and multiply-accumulates (MACs) of the
 * convolutions and linear layers (norms, activations and element-wise products are left out: they are memory-bound
 * and small in FLOPs). The parameter count is checked against the built network in tests, which keeps this
 * formula honest. FLOPs = 2 x MACs; a training step costs about 3x the forward FLOPs.
 */
public final class NetworkCostOps {
    private NetworkCostOps() {
    }

    /** Accumulates parameters and MACs. */
    private static final class Tally {
        long params;
        long macs;

        void conv(long positions, long in, long out, long kernel, long groups) {
            params += out * (in / groups) * kernel * kernel + out;
            macs += positions * out * (in / groups) * kernel * kernel;
        }

        void linear(long in, long out) {
            params += in * out + out;
            macs += in * out;
        }

        void norm(long channels) {
            params += 2 * channels;
        }

        void convNeXt(long positions, long c, long ratio) {
            conv(positions, c, c, 7, c);
            norm(c);
            conv(positions, c, c * ratio, 1, 1);
            conv(positions, c * ratio, c, 1, 1);
        }

        void stage(long positions, long in, long out, int depth, long ratio) {
            norm(in);
            conv(positions, in, out, 2, 1);
            for (int i = 0; i < depth; i++) {
                convNeXt(positions, out, ratio);
            }
        }

        void maskHead(long positions, long in, long hidden) {
            conv(positions, in, hidden, 3, 1);
            conv(positions, hidden, 1, 1, 1);
        }
    }

    private static Tally tally(OmniImlConfig c, long height, long width, boolean trainingOnlyParts) {
        Tally t = new Tally();
        long p1 = height * width;
        long p4 = p1 / 16;
        long p8 = p1 / 64;
        long p16 = p1 / 256;
        long p32 = p1 / 1024;
        long r = c.mlpRatio();
        long w0 = c.width(0);
        long w1 = c.width(1);
        long w2 = c.width(2);
        long w3 = c.width(3);
        // visual head
        if (c.visualHead().equals(OmniImlConfig.MOBILENETV2_HEAD)) {
            t.params += MobileNetV2Trunk.parameterCount();
            t.macs += MobileNetV2Trunk.forwardMacs(height, width);
            t.conv(p4, MobileNetV2Trunk.TAP_CHANNELS.get(0), w0, 1, 1);
            t.norm(w0);
            t.conv(p8, MobileNetV2Trunk.TAP_CHANNELS.get(1) + MobileNetV2Trunk.TAP_CHANNELS.get(3), w1, 1, 1);
            t.norm(w1);
        } else {
            t.conv(p4, 50, w0, 1, 1);
            t.norm(w0);
            for (int i = 0; i < c.depth(0); i++) {
                t.convNeXt(p4, w0, r);
            }
            t.stage(p8, w0, w1, c.depth(1), r);
        }
        // frequency head
        long d = c.dctWidth();
        t.params += (FrequencyPerceptionHead.CLIP + 1) * d;
        t.conv(p1, d, d, 3, d);
        t.linear(64, 64 * d);
        t.conv(p8, 64 * d, w1, 1, 1);
        t.norm(w1);
        // fusion
        long squeeze = Math.max(16, w1 / 4);
        t.conv(p8, 2 * w1, w1, 1, 1);
        t.linear(w1, squeeze);
        t.linear(squeeze, w1);
        t.conv(p8, w1, w1, 3, 1);
        t.norm(w1);
        // auxiliary decoders and gate
        t.maskHead(p8, w1, c.auxWidth());
        t.maskHead(p8, w1, c.auxWidth());
        t.conv(p16, 2 * w1 + 2, c.gateWidth(), 3, 1);
        t.linear(c.gateWidth(), 2);
        // backbone
        t.stage(p16, w1, w2, c.depth(2), r);
        t.stage(p32, w2, w3, c.depth(3), r);
        if (trainingOnlyParts) {
            t.conv(p16, w2, c.aeWidth(), 3, 1);
            t.conv(p16, c.aeWidth(), 5, 1, 1);
        }
        // decoder
        long dd = c.decoderWidth();
        long[] positions = {p4, p8, p16, p32};
        long[] widths = {w0, w1, w2, w3};
        for (int i = 0; i < 4; i++) {
            t.conv(positions[i], widths[i], dd, 1, 1);
        }
        long k = c.dwd().kernelSize();
        long experts = c.dwd().dynamic() ? c.dwd().experts() : 1;
        for (int i = 0; i < c.dwd().dilations().size(); i++) {
            t.params += experts * dd * k * k;
            t.macs += p4 * dd * k * k;
            if (c.dwd().dynamic()) {
                t.linear(2 * dd, experts);
            }
            t.conv(p4, dd, dd, 1, 1);
        }
        t.maskHead(p4, dd, Math.max(16, dd / 2));
        long scoreHidden = Math.max(16, w3 / 2);
        t.linear(w3 + 2, scoreHidden);
        t.linear(scoreHidden, 1);
        return t;
    }

    /** Parameters of the network built from {@code config} (with or without the training-only AE head). */
    public static long parameters(OmniImlConfig config, boolean includeTrainingOnly) {
        return tally(config, 64, 64, includeTrainingOnly).params;
    }

    /** MACs of one forward pass over a height x width input (multiples of 32). */
    public static long forwardMacs(OmniImlConfig config, long height, long width, boolean training) {
        return tally(config, height, width, training).macs;
    }
}
