package io.omniiml.app.cli;

import io.omniiml.api.ExitCodes;
import io.omniiml.core.jpeg.JpegEncoding;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Awkward inputs to jpeg dump, evidence, scan and serve: exit codes 1 and 2 with a message, never 3 (issue 18). */
class CommandInputsTest {
    @TempDir
    Path dir;

    static byte[] jpeg() {
        BufferedImage img = new BufferedImage(40, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, (x * 6) << 16 | (y * 9) << 8 | (x * y) & 255);
            }
        }
        return JpegEncoding.encode(img, 85);
    }

    @Test
    void jpegDumpOfAMissingFileOrAFolderIsExit1() {
        CliRun.Result missing = CliRun.execute("jpeg", "dump", dir.resolve("nope.jpg").toString(), "--out", dir.resolve("o").toString());
        assertEquals(ExitCodes.SOME_FAILED, missing.exit(), missing.err());
        assertEquals("error: " + dir.resolve("nope.jpg") + ": file not found", missing.err().trim());
        CliRun.Result folder = CliRun.execute("jpeg", "dump", dir.toString(), "--out", dir.resolve("o").toString());
        assertEquals(ExitCodes.SOME_FAILED, folder.exit(), folder.err());
        assertTrue(folder.err().contains("is a folder"), folder.err());
    }

    @Test
    void jpegDumpWithOutNamingAFileIsAUsageError() throws Exception {
        Path jpg = Files.write(dir.resolve("in.jpg"), jpeg());
        Path file = Files.writeString(dir.resolve("taken"), "x");
        CliRun.Result r = CliRun.execute("jpeg", "dump", jpg.toString(), "--out", file.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("not a folder"), r.err());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void jpegWithoutOnlyItsEndMarkerIsReadWithAWarningByDumpAndDetect() throws Exception {
        byte[] full = jpeg();
        assertEquals((byte) 0xD9, full[full.length - 1]);
        Path cut = Files.write(dir.resolve("noeoi.jpg"), Arrays.copyOf(full, full.length - 2));
        CliRun.Result dump = CliRun.execute("jpeg", "dump", cut.toString(), "--out", dir.resolve("d").toString());
        assertEquals(0, dump.exit(), dump.err());
        assertTrue(dump.err().startsWith("warning: noeoi.jpg: no end-of-image marker"), dump.err());

        Path model = Files.createDirectories(dir.resolve("model"));
        try (OmniImlModel m = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 3)) {
            m.save(model);
        }
        CliRun.Result detect = CliRun.execute("detect", "--allow-untrained", "--model", model.toString(), "--no-explain",
                "--no-fusion", "--out", dir.resolve("o").toString(), cut.toString());
        assertEquals(0, detect.exit(), detect.err());
        assertTrue(detect.err().contains("warning: " + cut + ": no end-of-image marker"), detect.err());
        // Cut inside the scan: refused by both.
        Path half = Files.write(dir.resolve("half.jpg"), Arrays.copyOf(full, full.length / 2 + 200));
        assertEquals(ExitCodes.SOME_FAILED, CliRun.execute("jpeg", "dump", half.toString(), "--out", dir.resolve("d2").toString()).exit());
        CliRun.Result halfDetect = CliRun.execute("detect", "--allow-untrained", "--model", model.toString(), "--no-explain",
                "--no-fusion", "--out", dir.resolve("o2").toString(), half.toString());
        assertEquals(ExitCodes.SOME_FAILED, halfDetect.exit(), halfDetect.err());
        assertTrue(halfDetect.err().contains("truncated JPEG data (no end-of-image marker;"), halfDetect.err());
    }

    @Test
    void evidenceNamesAreUniqueAndExistingFilesAreKept() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        BufferedImage img = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "png", in.resolve("img.png").toFile());
        ImageIO.write(img, "bmp", in.resolve("img.bmp").toFile());
        Path out = dir.resolve("out");
        CliRun.Result r = CliRun.execute("evidence", "ela", in.resolve("img.png").toString(), in.resolve("img.bmp").toString(),
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        for (String stem : new String[]{"img_png", "img_bmp"}) {
            assertTrue(Files.isRegularFile(out.resolve(stem + "_ela.png")), stem);
            assertTrue(Files.isRegularFile(out.resolve("ela/" + stem + "_prob.png")), stem);
            assertTrue(Files.readString(out.resolve(stem + "_ela.json")).contains("\"stem\" : \"" + stem + "\""), stem);
        }
        byte[] before = Files.readAllBytes(out.resolve("ela/img_png_prob.png"));
        Files.write(out.resolve("ela/img_png_prob.png"), new byte[]{7});
        CliRun.Result again = CliRun.execute("evidence", "ela", in.resolve("img.png").toString(), in.resolve("img.bmp").toString(),
                "--out", out.toString());
        assertEquals(ExitCodes.SOME_FAILED, again.exit(), again.err());
        assertTrue(again.err().startsWith("error: " + in.resolve("img.png") + ": output "), again.err());
        assertArrayEquals(new byte[]{7}, Files.readAllBytes(out.resolve("ela/img_png_prob.png")), "kept");
        // Alone in the call, img.png has the stem img: no conflict with the files above.
        CliRun.Result alone = CliRun.execute("evidence", "ela", in.resolve("img.png").toString(), "--out", out.toString());
        assertEquals(0, alone.exit(), alone.err());
        assertTrue(Files.isRegularFile(out.resolve("img_ela.png")));
        CliRun.Result forced = CliRun.execute("evidence", "ela", in.resolve("img.png").toString(), in.resolve("img.bmp").toString(),
                "--out", out.toString(), "--overwrite");
        assertEquals(0, forced.exit(), forced.err());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("ela/img_png_prob.png")));
    }

    @Test
    void scanIntoItsOwnInputFolderIsAUsageError() throws Exception {
        Path in = Files.createDirectories(dir.resolve("photos"));
        Files.write(in.resolve("a.jpg"), jpeg());
        CliRun.Result same = CliRun.execute("scan", in.toString(), "--out", in.toString(), "--detector", "ela", "--no-progress");
        assertEquals(ExitCodes.USAGE, same.exit(), same.err());
        assertTrue(same.err().contains("is the scanned folder itself"), same.err());
        assertFalse(Files.exists(in.resolve("results.jsonl")));
        CliRun.Result inside = CliRun.execute("scan", in.toString(), "--out", dir.toString(), "--detector", "ela", "--no-progress");
        assertEquals(ExitCodes.USAGE, inside.exit(), inside.err());
        assertTrue(inside.err().contains("lies inside the output folder"), inside.err());
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertEquals(ExitCodes.USAGE, CliRun.execute("scan", in.toString(), "--out", file.toString(), "--detector", "ela").exit());
        assertEquals(ExitCodes.USAGE, CliRun.execute("scan", dir.resolve("missing").toString(), "--out", dir.resolve("o").toString(),
                "--detector", "ela").exit());
    }

    @Test
    void scanAndServeRefuseAnUntrainedNetwork() throws Exception {
        Path in = Files.createDirectories(dir.resolve("photos"));
        Files.write(in.resolve("a.jpg"), jpeg());
        Path model = Files.createDirectories(dir.resolve("model"));
        try (OmniImlModel m = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 3)) {
            m.save(model);
        }
        CliRun.Result scan = CliRun.execute("scan", in.toString(), "--out", dir.resolve("o").toString(), "--model", model.toString(),
                "--no-progress");
        assertEquals(ExitCodes.USAGE, scan.exit(), scan.err());
        assertTrue(scan.err().contains("untrained") && scan.err().contains("--allow-untrained"), scan.err());
        CliRun.Result serve = CliRun.execute("serve", "--port", "0", "--model", model.toString());
        assertEquals(ExitCodes.USAGE, serve.exit(), serve.err());
        assertTrue(serve.err().contains("untrained"), serve.err());
    }
}
