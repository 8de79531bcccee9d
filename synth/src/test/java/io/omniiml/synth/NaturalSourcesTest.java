package io.omniiml.synth;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.core.data.Task;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.jpeg.JpegCoefficientReader;
import io.omniiml.core.jpeg.JpegCoefficients;
import io.omniiml.core.jpeg.JpegTables;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.manip.EditContext;
import io.omniiml.synth.manip.EditRecord;
import io.omniiml.synth.manip.natural.InpaintRemoval;
import io.omniiml.synth.source.NaturalSources;
import io.omniiml.synth.source.SegmentLibrary;
import io.omniiml.synth.source.SourceImage;
import io.omniiml.synth.source.SourceKind;
import io.omniiml.synth.source.SourceLibrary;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The natural task's camera hosts, human segments and split discipline. */
class NaturalSourcesTest {
    static SampleGenerator natural(long seed, Split split) {
        // A cache that holds the train cameras at full resolution: the test is about content, not eviction.
        return SampleGenerator.builder().setSplit(split).optTask(Task.NATURAL).optSeed(seed).optCropSize(256)
                .optAuthenticFraction(0).optCacheMegapixels(160).optSources(TestData.root()).build();
    }

    @Test
    void cameraHostSpliceSavedWithOwnTablesCarriesTheCameraQuantizationTables() throws ImageReadException {
        SampleGenerator gen = natural(21, Split.TRAIN);
        int found = 0;
        for (int i = 0; i < 600 && found < 2; i++) {
            SyntheticSample s = gen.generate(i);
            JsonNode m = s.manipulation();
            JsonNode post = m.get("post_processing");
            if (!m.get("source").get("kind").asText().equals("camera_photo") || !m.get("type").asText().equals("splice")
                    || !post.path("tables").asText().equals("own")) {
                continue;
            }
            found++;
            String camera = m.get("source").get("name").asText();
            assertEquals(camera, post.get("tables_of").asText());
            // The DQT as written in the generated file, read by the full coefficient reader.
            JpegCoefficients read = JpegCoefficientReader.read(s.encoded(), s.id());
            JpegTables original = gen.library().jpegTables(camera);
            assertArrayEquals(clamp(original.luminance()), read.quantTableOf(0), s.id());
            assertArrayEquals(clamp(original.chrominance()), read.quantTableOf(1), s.id());
            assertEquals(original.hSampling(), read.components().get(0).hSampling(), s.id());
            assertEquals("segment", m.get("steps").get(0).get("shape").asText(), s.id());
        }
        assertTrue(found > 0, "no camera-host splice saved with its own tables in 600 samples");
    }

    private static int[] clamp(int[] table) {
        int[] out = new int[64];
        for (int i = 0; i < 64; i++) {
            out[i] = Math.max(1, Math.min(255, table[i]));
        }
        return out;
    }

    @Test
    void sameIndexGivesIdenticalCameraHostSamples() {
        SampleGenerator a = natural(5, Split.TRAIN);
        int camera = 0;
        for (int i = 0; i < 12; i++) {
            SyntheticSample s = a.generate(i);
            if (!s.manipulation().get("source").get("kind").asText().equals("camera_photo")) {
                continue;
            }
            camera++;
            SyntheticSample again = natural(5, Split.TRAIN).generate(i);
            assertArrayEquals(s.encoded(), again.encoded(), s.id());
            assertArrayEquals(s.mask().data(), again.mask().data(), s.id());
            assertEquals(s.manipulation(), again.manipulation(), s.id());
        }
        assertTrue(camera > 0, "no camera host among 12 samples");
    }

    @Test
    void removalOfAHostObjectMasksExactlyItsHumanSegment() throws IOException {
        SourceLibrary lib = TestData.library();
        NaturalSources natural = new NaturalSources(lib, Split.TRAIN, new SegmentLibrary(lib.root()));
        int checked = 0;
        for (String name : natural.segmentedPhotos().subList(0, 12)) {
            SourceImage full = lib.load(name, SourceKind.NATURAL_PHOTO);
            SourceImage crop = full.crop(8, 8, full.width() / 8 * 8 - 8, full.height() / 8 * 8 - 8);
            for (long seed = 0; seed < 8; seed++) {
                Canvas canvas = new Canvas(crop.width(), crop.height(), crop.pixels());
                EditRecord r = new InpaintRemoval().apply(new EditContext(canvas, crop, new SplittableRandom(seed),
                        (rnd, size) -> null, natural));
                if (r == null || !r.parameters().path("segment_of_host").asBoolean()) {
                    continue;
                }
                // Independent reading of the label map: every mask pixel has the segment's label, and the mask
                // is as large as that label's largest connected part (which lies wholly inside the crop).
                String id = r.parameters().get("segment").asText();
                String annotator = id.substring(id.indexOf('_'), id.indexOf('#'));
                int label = Integer.parseInt(id.substring(id.indexOf('#') + 1));
                String map = name.replace("natural_photos", "natural_segments").replace(".jpg", annotator + ".png");
                BufferedImage labels = ImageIO.read(lib.root().resolve(map).toFile());
                var mask = canvas.mask();
                long inLabel = 0;
                for (int y = 0; y < mask.height(); y++) {
                    for (int x = 0; x < mask.width(); x++) {
                        if (mask.get(x, y)) {
                            assertEquals(label, labels.getRaster().getSample(x + 8, y + 8, 0), id + " at " + x + "," + y);
                            inLabel++;
                        }
                    }
                }
                int labelPixels = 0;
                for (int y = 0; y < labels.getHeight(); y++) {
                    for (int x = 0; x < labels.getWidth(); x++) {
                        labelPixels += labels.getRaster().getSample(x, y, 0) == label ? 1 : 0;
                    }
                }
                assertTrue(inLabel >= 0.5 * labelPixels && inLabel <= labelPixels, id + ": " + inLabel + " of "
                        + labelPixels);
                checked++;
                break;
            }
        }
        assertTrue(checked >= 3, "only " + checked + " host-object removals");
    }

    @Test
    void naturalEditsUseHumanSegmentShapesOfTheirOwnSplit() {
        SampleGenerator gen = natural(9, Split.VAL);
        SegmentLibrary segments = new SegmentLibrary(TestData.root());
        int steps = 0;
        for (int i = 0; i < 16; i++) {
            for (JsonNode step : gen.generate(i).manipulation().get("steps")) {
                steps++;
                assertEquals("segment", step.get("shape").asText(), step.toString());
                String id = step.get("segment").asText();
                String photo = id.substring(0, id.indexOf('_'));
                // The map's photo, found among the VAL photos: segments never cross splits.
                assertTrue(gen.library().names(SourceKind.NATURAL_PHOTO, Split.VAL).stream()
                        .anyMatch(n -> n.endsWith("/" + photo + ".jpg") && segments.covers(n)), id);
            }
        }
        assertTrue(steps >= 12, steps + " steps");
    }

    @Test
    void testCamerasNeverReachTrainingSamples() {
        SourceLibrary lib = TestData.library();
        Set<String> heldOut = new HashSet<>(lib.names(SourceKind.CAMERA_PHOTO, Split.TEST));
        heldOut.addAll(lib.names(SourceKind.CAMERA_PHOTO, Split.VAL));
        heldOut.addAll(lib.names(SourceKind.OBJECT_PHOTO, Split.TEST));
        assertFalse(lib.names(SourceKind.CAMERA_PHOTO, Split.TEST).isEmpty());
        long listed = 0;
        for (Split s : Split.values()) {
            listed += lib.names(SourceKind.CAMERA_PHOTO, s).size();
        }
        try (var files = Files.list(lib.root().resolve("sources/natural_camera/img"))) {
            assertEquals(files.count(), listed, "every camera photo in exactly one split");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        SampleGenerator gen = natural(13, Split.TRAIN);
        int cameraMentions = 0;
        for (int i = 0; i < 30; i++) {
            String json = gen.generate(i).manipulation().toString();
            for (String n : heldOut) {
                assertFalse(json.contains(n), "held-out " + n + " in train sample " + i);
            }
            cameraMentions += json.contains("natural_camera") ? 1 : 0;
        }
        assertTrue(cameraMentions > 0, "no camera photo or camera table used in 30 train samples");
    }
}
