package io.omniiml.pipeline.fusion;

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
    void unionRuleKeepsItsDirectSourcesAndAddsTheLogisticTerm() {
        // logistic term: z = -1 + 2 * ela (0.1) -> sigmoid(-0.8) = 0.31 everywhere, below every direct value but 0.1
        FusionRule rule = FusionRule.union(java.util.List.of("network"), 0, new double[]{0, 0, 2, 0}, -1, new double[3], 0,
                new ObjectMapper().createObjectNode());
        float[] fused = rule.fuse(new ProbabilityMap(4, 1, NETWORK), columns()).values();
        double term = 1 / (1 + Math.exp(0.8));
        assertEquals(term, fused[0], 1e-6, "network 0.2 < logistic term");
        assertEquals(0.9f, fused[1], 1e-6, "network kept");
        assertEquals(0.6f, fused[2], 1e-6, "copy-move not direct: its clone only guards the network");
        assertEquals(term, fused[3], 1e-6);
        FusionRule withCopyMove = FusionRule.union(FusionRule.DIRECT_SOURCES, 0, new double[]{0, 0, 2, 0}, -1, new double[3], 0,
                new ObjectMapper().createObjectNode());
        assertArrayEquals(new float[]{(float) term, 0.9f, 1f, 1f}, withCopyMove.fuse(new ProbabilityMap(4, 1, NETWORK), columns()).values());
    }

    @Test
    void unionLetsOnlyWellSupportedClonesInDirectly() {
        float[][] c = columns();
        // pixel 2 lies in a clone with 12 inliers, pixel 3 in one with 40
        float[][] withInliers = {c[0], c[1], c[2], c[3], {0, 0, 12, 40}};
        FusionRule rule = FusionRule.union(FusionRule.DIRECT_SOURCES, 20, new double[4], -30, new double[3], 0,
                new ObjectMapper().createObjectNode());
        float[] fused = rule.fuse(new ProbabilityMap(4, 1, NETWORK), withInliers).values();
        assertEquals(0.6f, fused[2], 1e-6, "weak clone: the network's value only");
        assertEquals(1f, fused[3], 1e-6, "strong clone: copy-move's");
    }

    @Test
    void unionRoundTripsAndAForeignDirectSourceIsRefused(@TempDir Path dir) throws IOException {
        FusionRule rule = FusionRule.union(java.util.List.of("network"), 0, new double[]{0.5, 1, 2, 0}, -3, new double[]{1, 0, 0}, 0.2,
                new ObjectMapper().createObjectNode());
        Path file = dir.resolve(FusionRule.FILE);
        rule.write(file);
        FusionRule back = FusionRule.read(file);
        assertEquals(FusionRule.UNION, back.kind());
        assertEquals(java.util.List.of("network"), back.direct());
        assertArrayEquals(rule.fuse(new ProbabilityMap(4, 1, NETWORK), columns()).values(),
                back.fuse(new ProbabilityMap(4, 1, NETWORK), columns()).values());
        Files.writeString(file, Files.readString(file).replace("\"network\" ]", "\"ela\" ]"));
        IOException e = assertThrows(IOException.class, () -> FusionRule.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("direct source 'ela'"), e.getMessage());
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
