package io.omniiml.model.infer;

import io.omniiml.model.nn.OmniImlNetwork;

/** Which features enter the backbone: the Modal Gate's own choice, or forced. */
public enum Gate {
    AUTO(OmniImlNetwork.GATE_AUTO),
    VISION(OmniImlNetwork.GATE_VISION),
    FUSED(OmniImlNetwork.GATE_FUSED);

    private final int code;

    Gate(int code) {
        this.code = code;
    }

    /** The network's gate input value. */
    public int code() {
        return code;
    }
}
