package io.omniiml.model.nn;

import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkCostOpsTest {
    /** The analytic count must equal the built network's, which validates the formula the MAC count shares. */
    @Test
    void parameterFormulaMatchesTheBuiltNetwork() {
        for (String name : new String[] {"tiny", "tiny-static", "small", "mnv2-random"}) {
            try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named(name), 1)) {
                assertEquals(model.parameterCount(), NetworkCostOps.parameters(model.config(), true), name);
                assertEquals(model.inferenceParameterCount(), NetworkCostOps.parameters(model.config(), false), name);
            }
        }
    }

    @Test
    void costScalesWithThePixelCount() {
        OmniImlConfig tiny = OmniImlConfig.named("tiny");
        long a = NetworkCostOps.forwardMacs(tiny, 256, 256, false);
        long b = NetworkCostOps.forwardMacs(tiny, 512, 512, false);
        assertTrue(Math.abs(b - 4 * a) < 4 * a * 0.01, a + " vs " + b);
        assertTrue(NetworkCostOps.forwardMacs(tiny, 256, 256, true) > a);
        long base = NetworkCostOps.parameters(OmniImlConfig.named("base"), true);
        System.out.printf("tiny %.2f GMAC at 256x256; base %,d parameters%n", a / 1e9, base);
        assertTrue(base > 100_000_000L && base < 250_000_000L, "base is at the paper's scale: " + base);
    }
}
