package io.omniiml.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.nn.OmniImlNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OmniImlModelTest {

    private static float[] outputs(OmniImlModel model, long seed) {
        Random rnd = new Random(seed);
        float[] rgb = new float[3 * 64 * 96];
        int[] dct = new int[64 * 96];
        float[] q = new float[64];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = rnd.nextFloat();
        }
        for (int i = 0; i < dct.length; i++) {
            dct[i] = rnd.nextInt(11) - 5;
        }
        for (int i = 0; i < 64; i++) {
            q[i] = 1 + rnd.nextInt(30);
        }
        try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
            NDList in = new NDList(m.create(rgb, new Shape(1, 3, 64, 96)), m.create(dct, new Shape(1, 64, 96)),
                    m.create(q, new Shape(1, 64)));
            NDList out = model.network().forward(new ParameterStore(m, false), in, false);
            float[] mask = out.get(0).toFloatArray();
            float[] all = new float[mask.length + 3];
            System.arraycopy(mask, 0, all, 0, mask.length);
            all[mask.length] = out.get(1).getFloat(0, 0);
            all[mask.length + 1] = out.get(2).getFloat(0, 0);
            all[mask.length + 2] = out.get(2).getFloat(0, 1);
            return all;
        }
    }

    @Test
    void saveThenLoadGivesIdenticalOutputsAndKeepsProvenance(@TempDir Path dir) throws IOException {
        float[] before;
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 42)) {
            model.provenance().put("data", "unit test");
            before = outputs(model, 1);
            model.save(dir);
        }
        assertTrue(Files.isRegularFile(dir.resolve(OmniImlModel.CONFIG_FILE)));
        assertTrue(Files.isRegularFile(dir.resolve(OmniImlModel.PARAMETERS_FILE)));
        try (OmniImlModel loaded = OmniImlModel.load(dir)) {
            assertArrayEquals(before, outputs(loaded, 1), 0f);
            assertEquals("unit test", loaded.provenance().path("data").asText());
            assertEquals("tiny", loaded.config().name());
            assertFalse(loaded.isTrained(), "no training step recorded");
        }
        // a different seed is a different network: the comparison above can fail
        try (OmniImlModel other = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 43)) {
            assertFalse(java.util.Arrays.equals(before, outputs(other, 1)));
        }
    }

    @Test
    void parametersOfAnotherConfigGiveAClearError(@TempDir Path dir) throws IOException {
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 1)) {
            model.save(dir);
        }
        // same structure, other widths
        String wider = OmniImlConfig.named("tiny").toJson().replace("\"dctWidth\" : 16", "\"dctWidth\" : 24");
        assertTrue(wider.contains("24"));
        Files.writeString(dir.resolve(OmniImlModel.CONFIG_FILE), wider);
        IOException e = assertThrows(IOException.class, () -> OmniImlModel.load(dir));
        assertTrue(e.getMessage().contains(OmniImlModel.PARAMETERS_FILE), e.getMessage());
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        assertTrue(e.getMessage().contains("frequency"), "names the parameter: " + e.getMessage());

        // other structure (more blocks)
        String deeper = OmniImlConfig.named("tiny").toJson().replace("\"depths\" : [ 1, 1, 2, 1 ]",
                "\"depths\" : [ 1, 1, 3, 1 ]");
        assertTrue(deeper.contains("3, 1 ]"), deeper);
        Files.writeString(dir.resolve(OmniImlModel.CONFIG_FILE), deeper);
        e = assertThrows(IOException.class, () -> OmniImlModel.load(dir));
        assertTrue(e.getMessage().contains(OmniImlModel.PARAMETERS_FILE) && e.getMessage().contains("does not match"),
                e.getMessage());
    }

    @Test
    void truncatedOrMissingFilesGiveAClearError(@TempDir Path dir) throws IOException {
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 1)) {
            model.save(dir);
        }
        Path params = dir.resolve(OmniImlModel.PARAMETERS_FILE);
        byte[] all = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(all, all.length / 2));
        IOException e = assertThrows(IOException.class, () -> OmniImlModel.load(dir));
        assertTrue(e.getMessage().startsWith(params.toString()), e.getMessage());

        Files.delete(params);
        e = assertThrows(NoSuchFileException.class, () -> OmniImlModel.load(dir));
        assertTrue(e.getMessage().contains(OmniImlModel.PARAMETERS_FILE), e.getMessage());

        Files.writeString(dir.resolve(OmniImlModel.CONFIG_FILE), "{\"name\": \"x\"}");
        Files.write(params, all);
        e = assertThrows(IOException.class, () -> OmniImlModel.load(dir));
        assertTrue(e.getMessage().contains(OmniImlModel.CONFIG_FILE), e.getMessage());
    }

    @Test
    void inferenceExcludesOnlyTheAnomalyEnhancementParameters() {
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 1)) {
            long ae = 0;
            for (var p : model.network().anomalyEnhancement().getParameters()) {
                ae += p.getValue().getShape().size();
            }
            assertTrue(ae > 0);
            assertEquals(model.parameterCount() - ae, model.inferenceParameterCount());
            assertTrue(OmniImlModel.isTrainingOnly("09anomalyEnhancement_01hidden_weight"));
            assertFalse(OmniImlModel.isTrainingOnly("01visual_01stem_weight"));
            assertEquals(OmniImlNetwork.GATE_FUSED, 2);
        }
    }
}
