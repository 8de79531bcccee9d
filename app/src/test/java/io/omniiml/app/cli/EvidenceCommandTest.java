package io.omniiml.app.cli;

import io.omniiml.api.ExitCodes;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.ProbabilityMapOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code omniiml evidence}: file layout, a noisy patch found by the noise map, bad input and bad names. */
class EvidenceCommandTest {
    @TempDir
    Path dir;

    static int run(StringWriter out, StringWriter err, String... args) {
        var cl = OmniIml.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** Grey ramp with sigma-2 noise, sigma-10 noise in a 48x48 square at (64, 32). */
    static Path noisyPatch(Path dir) throws Exception {
        Random r = new Random(1);
        BufferedImage img = new BufferedImage(160, 128, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 160; x++) {
                boolean in = x >= 64 && x < 112 && y >= 32 && y < 80;
                int v = (int) Math.max(0, Math.min(255, Math.round(90 + x * 0.3 + r.nextGaussian() * (in ? 10 : 2))));
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        Path file = dir.resolve("patch.png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void writesPictureScoreMapAndStatsPerAnalyser() throws Exception {
        Path image = noisyPatch(dir);
        Path out = dir.resolve("out");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        assertEquals(0, run(o, e, "evidence", "all", image.toString(), "--out", out.toString()), e.toString());
        for (String n : new String[]{"ela", "noise", "jpeg-dq", "jpeg-grid", "jpeg-ghost", "copymove", "sharpness", "colour", "metadata"}) {
            assertTrue(Files.isRegularFile(out.resolve("patch_" + n + ".png")), n);
            assertTrue(Files.isRegularFile(out.resolve("patch_" + n + ".json")), n);
            assertTrue(Files.isRegularFile(out.resolve(n).resolve("patch_prob.png")), n);
        }
        ProbabilityMap noise = ProbabilityMapOps.read(out.resolve("noise/patch_prob.png"));
        assertTrue(noise.get(88, 56) > 0.9f, "inside " + noise.get(88, 56));
        assertTrue(noise.get(20, 100) < 0.1f, "outside " + noise.get(20, 100));
        assertTrue(Files.readString(out.resolve("patch_jpeg-dq.json")).contains("not a JPEG (png)"));
        assertTrue(o.toString().contains("patch.png noise"), o.toString());
    }

    @Test
    void unreadableImageAndUnknownAnalyser() throws Exception {
        Path bad = Files.write(dir.resolve("bad.png"), new byte[]{1, 2, 3});
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        assertEquals(ExitCodes.SOME_FAILED, run(o, e, "evidence", "ela", bad.toString(), "--out", dir.resolve("o").toString()));
        assertTrue(e.toString().startsWith("error: ") && e.toString().contains("bad.png"), "[" + e + "]");
        StringWriter e2 = new StringWriter();
        assertEquals(ExitCodes.USAGE, run(new StringWriter(), e2, "evidence", "magic", bad.toString(), "--out", dir.toString()));
        assertTrue(e2.toString().contains("unknown analyser 'magic'"), "[" + e2 + "]");
    }
}
