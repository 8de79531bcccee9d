package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.api.ExitCodes;
import io.omniiml.core.jpeg.JpegEncoding;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.pipeline.OutputNames;
import io.omniiml.pipeline.testing.ResultJsonChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Output names unique per input, inputs never written, existing files kept unless --overwrite (issue 18, point 2). */
class DetectOutputsTest {
    @TempDir
    static Path modelDir;

    @BeforeAll
    static void saveModel() throws Exception {
        try (OmniImlModel m = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 6)) {
            m.save(modelDir);
        }
    }

    static BufferedImage picture(int seed) {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, ((x * 4 + seed * 40) & 255) << 16 | ((y * 5) & 255) << 8 | ((x * y + seed) & 255));
            }
        }
        return img;
    }

    static Path write(Path dir, String name, int seed) throws Exception {
        Path file = dir.resolve(name);
        String ext = name.substring(name.lastIndexOf('.') + 1);
        if (ext.equals("jpg")) {
            Files.write(file, JpegEncoding.encode(picture(seed), 90));
        } else {
            assertTrue(ImageIO.write(picture(seed), ext.equals("tif") || ext.equals("tiff") ? "tiff" : ext, file.toFile()), ext);
        }
        return file;
    }

    static CliRun.Result detect(Path out, List<String> extra, Path... images) {
        List<String> args = new ArrayList<>(List.of("detect", "--allow-untrained", "--model", modelDir.toString(),
                "--out", out.toString(), "--no-explain", "--no-fusion", "--format", "json"));
        args.addAll(extra);
        for (Path p : images) {
            args.add(p.toString());
        }
        return CliRun.execute(args.toArray(String[]::new));
    }

    @Test
    void theRuleKeepsPlainStemsAndAddsTheExtensionOnlyWhereNeeded() {
        OutputNames n = OutputNames.of(List.of(Path.of("a/img.png"), Path.of("a/img.tiff"), Path.of("solo.jpg"),
                Path.of("a/one.jpg"), Path.of("b/one.jpg"), Path.of("c/one.jpg"), Path.of("IMG.gif"), Path.of("one_jpg.png")));
        assertEquals("img_png", n.stem(0));
        assertEquals("img_tiff", n.stem(1));
        assertEquals("solo", n.stem(2));
        assertEquals("IMG_gif", n.stem(6), "stems are compared case-insensitively");
        // Same name in three folders: the first keeps one_jpg unless another input already owns it plainly.
        assertEquals("one_jpg", n.stem(7), "a plain stem keeps its name");
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            assertTrue(all.add(n.stem(i).toLowerCase()), "unique: " + n.stem(i));
        }
        assertEquals(List.of("one_jpg_2", "one_jpg_3", "one_jpg_4"), List.of(n.stem(3), n.stem(4), n.stem(5)));
    }

    @Test
    void sevenInputsWithSharedStemsGiveSevenSetsOfFiles(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        String[] names = {"img.png", "img.tiff", "img.bmp", "img.gif", "one.jpg", "one.png", "solo.png"};
        Path[] files = new Path[names.length];
        for (int i = 0; i < names.length; i++) {
            files[i] = write(in, names[i], i);
        }
        Path out = dir.resolve("out");
        CliRun.Result r = detect(out, List.of(), files);
        assertEquals(0, r.exit(), r.err());
        String[] stems = {"img_png", "img_tiff", "img_bmp", "img_gif", "one_jpg", "one_png", "solo"};
        List<String> lines = r.out().lines().toList();
        assertEquals(7, lines.size(), r.out());
        for (int i = 0; i < stems.length; i++) {
            for (String suffix : new String[]{"_mask.png", "_prob.png", "_overlay.png", ".json"}) {
                assertTrue(Files.isRegularFile(out.resolve(stems[i] + suffix)), stems[i] + suffix);
            }
            JsonNode json = new ObjectMapper().readTree(out.resolve(stems[i] + ".json").toFile());
            assertEquals(stems[i], json.path("stem").asText());
            assertEquals(files[i].toString(), json.path("image").asText());
            assertEquals(stems[i] + "_mask.png", json.path("files").path("mask").asText());
            assertEquals(stems[i] + "_prob.png", json.path("files").path("probability").asText());
            assertEquals(stems[i] + "_overlay.png", json.path("files").path("overlay").asText());
            assertEquals(json, new ObjectMapper().readTree(lines.get(i)));
            // the common result object (no verdict, fusion or explanation here) and detect's own keys, nothing else
            ResultJsonChecks.assertCommonKeys(json);
            Set<String> keys = new HashSet<>();
            json.fieldNames().forEachRemaining(keys::add);
            keys.removeAll(List.of("image", "stem", "fused", "files", "model", "warnings"));
            assertEquals(Set.copyOf(ResultJsonChecks.ALWAYS), keys);
        }
        try (var listing = Files.list(out)) {
            assertEquals(7 * 4, listing.count(), "nothing was written twice under one name");
        }
    }

    @Test
    void existingOutputsAreRefusedUnlessOverwrite(@TempDir Path dir) throws Exception {
        Path image = write(dir, "photo.png", 1);
        Path other = write(dir, "other.png", 2);
        Path out = dir.resolve("out");
        assertEquals(0, detect(out, List.of(), image).exit());
        Path mask = out.resolve("photo_mask.png");
        byte[] before = Files.readAllBytes(mask);
        Files.write(mask, new byte[]{42}); // the user's file now
        CliRun.Result again = detect(out, List.of(), image, other);
        assertEquals(ExitCodes.SOME_FAILED, again.exit(), again.err());
        assertTrue(again.err().startsWith("error: " + image + ": output ") && again.err().contains("--overwrite"), again.err());
        assertArrayEquals(new byte[]{42}, Files.readAllBytes(mask), "not overwritten");
        assertTrue(Files.isRegularFile(out.resolve("other_mask.png")), "the other input went on");
        CliRun.Result forced = detect(out, List.of("--overwrite"), image);
        assertEquals(0, forced.exit(), forced.err());
        assertArrayEquals(before, Files.readAllBytes(mask));
    }

    @Test
    void anInputIsNeverWrittenEvenWithOverwrite(@TempDir Path dir) throws Exception {
        Path image = write(dir, "photo.png", 1);
        Path groundTruth = write(dir, "photo_mask.png", 2);   // the user's ground truth, next to the photo
        Path probInput = write(dir, "photo_prob.png", 3);     // and an input of this very call
        byte[] truth = Files.readAllBytes(groundTruth);
        byte[] prob = Files.readAllBytes(probInput);
        CliRun.Result r = detect(dir, List.of("--overwrite"), image, probInput);
        assertEquals(ExitCodes.SOME_FAILED, r.exit(), r.err());
        assertTrue(r.err().contains("error: " + image + ": output ") && r.err().contains("would replace one of the inputs"), r.err());
        assertArrayEquals(prob, Files.readAllBytes(probInput), "the input was not written");
        assertTrue(Files.isRegularFile(dir.resolve("photo_prob_mask.png")), "the second input was analysed");
        // Without --overwrite the ground truth next to it is refused as an existing file.
        CliRun.Result r2 = detect(dir, List.of(), image);
        assertEquals(ExitCodes.SOME_FAILED, r2.exit());
        assertTrue(r2.err().contains("exists"), r2.err());
        assertArrayEquals(truth, Files.readAllBytes(groundTruth), "the ground truth was not written");
        assertFalse(Files.exists(dir.resolve("photo.json")), "no partial set of outputs");
    }

    @Test
    void outNamingAFileIsAUsageError(@TempDir Path dir) throws Exception {
        Path image = write(dir, "photo.png", 1);
        Path file = Files.writeString(dir.resolve("notadir"), "x");
        CliRun.Result r = detect(file, List.of(), image);
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("not a folder"), r.err());
    }
}
