package io.omniiml.model.nn;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.pretrained.MobileNetV2Import;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MobileNetV2VisualHeadTest {
    private static final Path WEIGHTS = Path.of(System.getProperty("user.dir")).getParent()
            .resolve("models/pretrained/mobilenetv2-nsfwjs-4.4.0/weights.npz");

    /** An untrained mnv2 network starts from the converted weights: every trunk tensor equals the file's. */
    @Test
    void untrainedNetworkStartsFromThePretrainedTrunk() throws Exception {
        Map<String, float[]> file = new HashMap<>();
        for (MobileNetV2Import.Tensor t : MobileNetV2Import.readWeights(WEIGHTS)) {
            file.put(t.name(), t.data());
        }
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("mnv2"), 1)) {
            int matched = 0;
            for (Pair<String, Parameter> p : model.network().getParameters()) {
                String key = p.getKey();
                int at = key.indexOf(MobileNetV2VisualHead.TRUNK + "_");
                if (at < 0) {
                    continue;
                }
                String name = p.getValue().getName();
                assertArrayEquals(file.get(name), p.getValue().getArray().toFloatArray(), key);
                matched++;
            }
            assertEquals(file.size(), matched, "every converted tensor is a trunk parameter");
            assertTrue(model.provenance().path("pretrained").path("file").asText().endsWith("weights.npz"));
            assertFalse(model.provenance().path("pretrained").path("provenance").isMissingNode());
        }
    }

    @Test
    void headKindComesFromTheConfig() {
        assertEquals(OmniImlConfig.CONVNEXT_HEAD, OmniImlConfig.named("tiny").visualHead(), "absent means convnext");
        assertEquals(OmniImlConfig.MOBILENETV2_HEAD, OmniImlConfig.named("mnv2").visualHead());
    }
}
