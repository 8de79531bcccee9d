package io.omniiml.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.ProbabilityMapOps;
import io.omniiml.pipeline.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both layouts written from a real analysis (the ELA detector on a photo), read back from the files. */
class ArtifactWriterTest {
    private static LoadedImage image;
    private static AnalysisResult result;

    @BeforeAll
    static void analyse() throws Exception {
        image = ImageLoader.DEFAULT.load(TestImages.photo());
        try (ImageAnalyzer ela = Detectors.create("ela", null)) {
            // a low threshold, so that the mask has tampered and untouched pixels to compare
            result = ela.analyze(image, new AnalysisOptions(0.1, false, false));
        }
        long tampered = result.mask().count();
        assertTrue(tampered > 0 && tampered < (long) image.width() * image.height(), "mask of " + tampered + " pixels");
    }

    /** The pictures decode to the result: the mask exactly, the probability to 1/65535, the overlay at image size. */
    private static void assertPicturesOf(AnalysisResult r, Path folder, JsonNode files) throws Exception {
        assertArrayEquals(r.mask().data(), MaskOps.read(folder.resolve(files.path("mask").asText())).data());
        ProbabilityMap written = ProbabilityMapOps.read(folder.resolve(files.path("probability").asText()));
        float[] expected = r.probability().values();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], written.values()[i], 0.5 / 65535 + 1e-7, "pixel " + i);
        }
        BufferedImage overlay = ImageIO.read(folder.resolve(files.path("overlay").asText()).toFile());
        assertEquals(image.width(), overlay.getWidth());
        assertEquals(image.height(), overlay.getHeight());
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void flatLayoutWritesDetectsNames(@TempDir Path out) throws Exception {
        ArtifactWriter writer = new ArtifactWriter(out, ArtifactWriter.Layout.FLAT, 0.6, false);
        JsonNode files = writer.write("photo", image.image(), result);
        assertEquals(ResultJson.MAPPER.valueToTree(Map.of("mask", "photo_mask.png", "probability", "photo_prob.png",
                "overlay", "photo_overlay.png")), files);
        assertEquals(files, writer.files("photo"));
        assertPicturesOf(result, out, files);
        assertEquals(3, filesUnder(out).size(), "no thumbnail in the flat layout");
        assertEquals(List.of(out.resolve("photo_mask.png"), out.resolve("photo_prob.png"),
                out.resolve("photo_overlay.png")), writer.targets("photo"));
    }

    @Test
    void foldersLayoutWritesScansNamesAndAThumbnailAndMayWriteAgain(@TempDir Path out) throws Exception {
        ArtifactWriter writer = new ArtifactWriter(out, ArtifactWriter.Layout.FOLDERS, 0.6, true);
        JsonNode files = writer.write("aero1.jpg-1a2b3c4d", image.image(), result);
        assertEquals(ResultJson.MAPPER.valueToTree(Map.of("mask", "masks/aero1.jpg-1a2b3c4d.png",
                "probability", "prob/aero1.jpg-1a2b3c4d.png", "overlay", "overlays/aero1.jpg-1a2b3c4d.png",
                "thumbnail", "thumbs/aero1.jpg-1a2b3c4d.png")), files);
        assertPicturesOf(result, out, files);
        BufferedImage thumbnail = ImageIO.read(out.resolve(files.path("thumbnail").asText()).toFile());
        assertEquals(ArtifactWriter.THUMBNAIL_SIDE, Math.max(thumbnail.getWidth(), thumbnail.getHeight()));
        // a resumed scan writes the same names again over what a killed run left
        Files.write(out.resolve(files.path("overlay").asText()), new byte[]{1, 2, 3});
        writer.write("aero1.jpg-1a2b3c4d", image.image(), result);
        assertPicturesOf(result, out, files);
        assertEquals(4, filesUnder(out).size());
    }

    @Test
    void anExistingPictureIsRefusedBeforeAnythingIsWrittenUnlessOverwriting(@TempDir Path out) throws Exception {
        Path prob = Files.write(out.resolve("photo_prob.png"), new byte[]{42}); // the user's file
        ArtifactWriter keeping = new ArtifactWriter(out, ArtifactWriter.Layout.FLAT, 0.6, false);
        IOException e = assertThrows(IOException.class, () -> keeping.write("photo", image.image(), result));
        assertTrue(e.getMessage().contains(prob.toString()), e.getMessage());
        assertArrayEquals(new byte[]{42}, Files.readAllBytes(prob), "not overwritten");
        assertEquals(List.of(prob), filesUnder(out), "nothing else written");
        ArtifactWriter replacing = new ArtifactWriter(out, ArtifactWriter.Layout.FLAT, 0.6, true);
        assertPicturesOf(result, out, replacing.write("photo", image.image(), result));
    }

    @Test
    void aFailedWriteLeavesNoHalfSet(@TempDir Path out) throws Exception {
        Files.writeString(out.resolve("overlays"), "a file where the overlays' folder belongs");
        ArtifactWriter writer = new ArtifactWriter(out, ArtifactWriter.Layout.FOLDERS, 0.6, true);
        assertThrows(IOException.class, () -> writer.write("photo", image.image(), result));
        assertEquals(List.of(out.resolve("overlays")), filesUnder(out),
                "the mask and probability written before are gone");
        assertFalse(Files.exists(out.resolve("masks/photo.png")));
    }
}
