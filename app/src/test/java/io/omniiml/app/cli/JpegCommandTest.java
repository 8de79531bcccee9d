package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.api.ExitCodes;
import io.omniiml.core.io.Npy;
import io.omniiml.core.io.NpyArray;
import io.omniiml.core.jpeg.JpegCoefficientReader;
import io.omniiml.core.jpeg.JpegCoefficients;
import io.omniiml.core.jpeg.JpegEncoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegCommandTest {
    @TempDir
    Path dir;

    @Test
    void dumpWritesArraysTablesAndSummary() throws Exception {
        BufferedImage img = new BufferedImage(35, 18, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 18; y++) {
            for (int x = 0; x < 35; x++) {
                img.setRGB(x, y, (x * 7) << 16 | (y * 13) << 8 | (x * y) & 255);
            }
        }
        Path jpg = dir.resolve("in.jpg");
        Files.write(jpg, JpegEncoding.encode(img, 85));
        Path out = dir.resolve("dump");
        assertEquals(0, OmniIml.commandLine().execute("jpeg", "dump", jpg.toString(), "--out", out.toString()));

        JpegCoefficients c = JpegCoefficientReader.read(jpg);
        for (int i = 0; i < 3; i++) {
            NpyArray coef = Npy.read(out.resolve("c" + i + ".npy"));
            assertEquals("<i2", coef.dtype());
            JpegCoefficients.Component comp = c.components().get(i);
            assertArrayEquals(new int[]{comp.blocksHigh() * 8, comp.blocksWide() * 8}, coef.shape());
            assertArrayEquals(comp.coefficients(), coef.toShorts());
            NpyArray q = Npy.read(out.resolve("q" + i + ".npy"));
            assertEquals("<i4", q.dtype());
            assertArrayEquals(new int[]{8, 8}, q.shape());
            assertArrayEquals(c.quantTableOf(i), q.toInts());
        }
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(35, s.get("width").asInt());
        assertEquals(18, s.get("height").asInt());
        assertEquals(3, s.get("components").size());
        assertEquals(2, s.get("components").get(0).get("hSampling").asInt());
        assertEquals(5, s.get("components").get(0).get("blocksWide").asInt()); // ceil(35/8)
        assertEquals(3, s.get("components").get(1).get("blocksWide").asInt()); // ceil(ceil(35/2)/8)
        assertEquals(85, s.get("quantTables").get(0).get("estimatedQuality").asInt());
        assertTrue(s.get("quantTables").get(0).get("standardIjgTable").asBoolean());
        assertEquals("chrominance", s.get("quantTables").get(1).get("comparedWith").asText());
    }

    @Test
    void badFileGivesOneLineErrorAndExitCode1() throws Exception {
        Path bad = dir.resolve("broken.jpg");
        Files.write(bad, new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 2});
        StringWriter err = new StringWriter();
        CommandLine cl = OmniIml.commandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(ExitCodes.SOME_FAILED, cl.execute("jpeg", "dump", bad.toString(), "--out", dir.resolve("o").toString()));
        assertEquals("error: broken.jpg: truncated SOF segment", err.toString().trim());
    }
}
