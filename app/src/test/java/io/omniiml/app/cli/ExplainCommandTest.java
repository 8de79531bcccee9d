package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.api.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code omniiml explain}: JSON with the four fields, text sentences, byte-identical reruns, usage errors. */
class ExplainCommandTest {
    @TempDir
    Path dir;

    private Path mask() throws Exception {
        BufferedImage m = new BufferedImage(160, 128, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 32; y < 80; y++) {
            for (int x = 64; x < 112; x++) {
                m.getRaster().setSample(x, y, 0, 255);
            }
        }
        Path file = dir.resolve("mask.png");
        ImageIO.write(m, "png", file.toFile());
        return file;
    }

    @Test
    void jsonAndTextDescribeTheNoisyRegion() throws Exception {
        Path image = EvidenceCommandTest.noisyPatch(dir);
        Path mask = mask();
        StringWriter o1 = new StringWriter();
        StringWriter e1 = new StringWriter();
        assertEquals(0, EvidenceCommandTest.run(o1, e1, "explain", image.toString(), "--mask", mask.toString(), "--no-ocr"), e1.toString());
        JsonNode root = new ObjectMapper().readTree(o1.toString());
        JsonNode fields = root.path("regions").path(0).path("explanation");
        assertEquals("centre of the image (x 0.40-0.70, y 0.25-0.63 of the width and height)", fields.path("absolute_position").asText());
        assertTrue(fields.path("artifacts").asText().startsWith("noise level"), fields.path("artifacts").asText());
        assertTrue(fields.path("artifacts").asText().contains("higher than its surroundings"), fields.path("artifacts").asText());
        StringWriter o2 = new StringWriter();
        EvidenceCommandTest.run(o2, new StringWriter(), "explain", image.toString(), "--mask", mask.toString(), "--no-ocr");
        assertEquals(o1.toString(), o2.toString());
        StringWriter t = new StringWriter();
        EvidenceCommandTest.run(t, new StringWriter(), "explain", image.toString(), "--mask", mask.toString(), "--no-ocr", "--format", "text");
        assertTrue(t.toString().contains("Region 1: A 48x48 px region"), t.toString());
    }

    @Test
    void usageErrors() throws Exception {
        Path image = EvidenceCommandTest.noisyPatch(dir);
        StringWriter e = new StringWriter();
        assertEquals(ExitCodes.USAGE, EvidenceCommandTest.run(new StringWriter(), e, "explain", image.toString(), "--mask",
                mask().toString(), "--format", "xml"));
        assertTrue(e.toString().contains("--format must be json or text"), e.toString());
        StringWriter e2 = new StringWriter();
        assertEquals(ExitCodes.SOME_FAILED, EvidenceCommandTest.run(new StringWriter(), e2, "explain", image.toString(), "--mask",
                dir.resolve("missing.png").toString()));
        assertTrue(e2.toString().startsWith("error: "), e2.toString());
    }
}
