package io.omniiml.app.fusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.core.mask.ProbabilityMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusionRuleTest {
    /** Columns for 4 pixels: network p = 0.2, 0.9, 0.6, 0.1; copy-move 0, 0, 1, 1; ela and noise flat. */
    private static final float[] NETWORK = {0.2f, 0.9f, 0.6f, 0.1f};

    private static float[][] columns() {
        float[] logit = new float[4];
        for (int i = 0; i < 4; i++) {
            logit[i] = (float) LogisticFitOps.logit(NETWORK[i]);
        }
        return new float[][]{logit, {0, 0, 1, 1}, {0.1f, 0.1f, 0.1f, 0.1f}, {0, 0, 0, 0}};
    }

    @Test
    void maxRuleTakesTheLargerOfNetworkAndCopyMove() {
        ProbabilityMap fused = FusionRule.maxRule().fuse(new ProbabilityMap(4, 1, NETWORK), columns());
        assertArrayEquals(new float[]{0.2f, 0.9f, 1f, 1f}, fused.values());
    }

    @Test
    void logisticRuleIsTheSigmoidOfTheWeightedFeaturesAndNeverBelowTheNetworkInAClone() {
        // A rule that distrusts copy-move (negative weight): the clone guard still keeps the network's value there.
        FusionRule rule = FusionRule.logistic(new double[]{1, -5, 2, 0}, -0.5, new double[]{1, 0, 0}, 0,
                new ObjectMapper().createObjectNode());
        ProbabilityMap fused = rule.fuse(new ProbabilityMap(4, 1, NETWORK), columns());
        float[][] c = columns();
        for (int i = 0; i < 2; i++) {
            double z = -0.5 + c[0][i] - 5 * c[1][i] + 2 * c[2][i];
            assertEquals(1 / (1 + Math.exp(-z)), fused.values()[i], 1e-6);
        }
        assertEquals(0.6f, fused.values()[2], 1e-6, "inside the clone: the network's value, not the lower sigmoid");
        assertEquals(0.1f, fused.values()[3], 1e-6);
    }

    @Test
    void roundTripsThroughItsFile(@TempDir Path dir) throws IOException {
        var provenance = new ObjectMapper().createObjectNode().put("seed", 7);
        FusionRule rule = FusionRule.logistic(new double[]{0.8, 3, 0.2, 0.1}, -1.25, new double[]{1, 0.5, 2}, -0.5, provenance);
        Path file = dir.resolve("m").resolve(FusionRule.FILE);
        rule.write(file);
        FusionRule back = FusionRule.forModel(dir.resolve("m"));
        assertEquals(FusionRule.LOGISTIC, back.kind());
        assertEquals(file.toString(), back.origin());
        assertArrayEquals(rule.pixelWeights(), back.pixelWeights());
        assertEquals(rule.pixelBias(), back.pixelBias());
        assertArrayEquals(rule.imageWeights(), back.imageWeights());
        assertEquals(7, back.toJson().path("provenance").path("seed").asInt());
        ProbabilityMap net = new ProbabilityMap(4, 1, NETWORK);
        assertArrayEquals(rule.fuse(net, columns()).values(), back.fuse(net, columns()).values());
    }

    @Test
    void absentFileMeansTheDefaultRule(@TempDir Path dir) throws IOException {
        assertEquals(FusionRule.MAX, FusionRule.forModel(dir).kind());
        assertEquals(FusionRule.MAX, FusionRule.forModel(null).kind());
    }

    @Test
    void malformedFilesAreRefusedWithTheirName(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("fusion.json");
        Files.writeString(bad, "{\"schema\":\"omniiml.fusion/1\",\"kind\":\"logistic\",\"pixel\":{\"features\":[\"x\"],\"weights\":[1],\"bias\":0}}");
        IOException e = assertThrows(IOException.class, () -> FusionRule.read(bad));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        Files.writeString(bad, "not json");
        assertThrows(IOException.class, () -> FusionRule.read(bad));
    }
}
