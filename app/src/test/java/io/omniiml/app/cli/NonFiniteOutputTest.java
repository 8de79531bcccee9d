package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.api.NonFiniteResultException;
import io.omniiml.app.scan.ScanInputs;
import io.omniiml.app.scan.Scanner;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.pipeline.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A NaN gate confidence or score is never printed or written as a number: text, JSON, scan journal (issue 18). */
class NonFiniteOutputTest {
    static AnalysisResult result(double score, double gateConfidence, float pixel) {
        float[] p = new float[16];
        p[5] = pixel;
        ProbabilityMap map = new ProbabilityMap(4, 4, p);
        Mask mask = map.threshold(0.5);
        return new AnalysisResult("x.png", "png", 4, 4, score, List.of(), "vision", gateConfidence, map, mask, null,
                List.of(), Map.of("total", 1.0));
    }

    @Test
    void jsonRefusesNonFiniteNumbers() {
        NonFiniteResultException e = assertThrows(NonFiniteResultException.class, () -> json(result(0.3, Double.NaN, 0f)));
        assertTrue(e.getMessage().contains("non-finite gate confidence (NaN)"), e.getMessage());
        assertThrows(NonFiniteResultException.class, () -> json(result(Double.NaN, 0.9, 0f)));
        assertThrows(NonFiniteResultException.class, () -> json(result(0.3, 0.9, Float.NaN)));
        assertThrows(NonFiniteResultException.class, () -> json(result(Double.POSITIVE_INFINITY, 0.9, 0f)));
        assertEquals(0.9, json(result(0.3, 0.9, 0.7f)).path("gate_confidence").asDouble());
    }

    private static JsonNode json(AnalysisResult r) {
        return ResultJson.result(r, AnalysisOptions.DEFAULT);
    }

    @Test
    void textOutputRefusesNaN() {
        StringWriter out = new StringWriter();
        assertThrows(NonFiniteResultException.class,
                () -> DetectCommand.printText(new PrintWriter(out), Path.of("x.png"), result(0.3, Double.NaN, 0f)));
        assertEquals("", out.toString(), "nothing printed");
        DetectCommand.printText(new PrintWriter(out, true), Path.of("x.png"), result(0.3, 0.9, 0f));
        assertTrue(out.toString().contains("gate vision (0.90)"), out.toString());
    }

    @Test
    void scanRecordsAnErrorLineInsteadOfANumber(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", in.resolve("a.png").toFile());
        ImageAnalyzer nan = new ImageAnalyzer() {
            @Override
            public AnalysisResult analyze(LoadedImage image, AnalysisOptions options) {
                return result(0.3, Double.NaN, 0f);
            }

            @Override
            public JsonNode describe() {
                return ResultJson.MAPPER.createObjectNode();
            }
        };
        Path out = dir.resolve("out");
        Scanner.Summary s = Scanner.builder().setAnalyzer(nan).setOutput(out).optProgress(false)
                .optLog(new PrintStream(new ByteArrayOutputStream())).build().run(ScanInputs.list(in, out));
        assertEquals(1, s.errors());
        JsonNode line = ResultJson.MAPPER.readTree(Files.readAllLines(out.resolve("results.jsonl")).get(0));
        assertEquals("error", line.path("status").asText());
        assertTrue(line.path("error").asText().startsWith("the analysis gave a non-finite gate confidence"), line.toString());
        assertTrue(line.path("gate_confidence").isMissingNode(), line.toString());
    }
}
