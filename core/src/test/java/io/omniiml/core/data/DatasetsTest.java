package io.omniiml.core.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.*;

class DatasetsTest {
    @TempDir
    Path dir;

    private Path image(Path file, int w, int h) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        return file;
    }

    private Path mask(Path file, int w, int h) throws IOException {
        Mask m = Mask.empty(w, h);
        m.data()[0] = 1;
        MaskOps.write(m, file);
        return file;
    }

    @Test
    void tpGtPairsBySortedNameLikeImdlBenco() throws IOException {
        image(dir.resolve("set/Tp/b.png"), 4, 4);
        image(dir.resolve("set/Tp/a.png"), 4, 4);
        mask(dir.resolve("set/Gt/a_gt.png"), 4, 4);
        mask(dir.resolve("set/Gt/b_other.png"), 4, 3);
        Dataset d = Datasets.open(dir.resolve("set"));
        assertEquals("tp-gt", d.layout());
        assertEquals(List.of("a", "b"), d.samples().stream().map(Sample::id).toList());
        assertEquals("b_other.png", d.samples().get(1).mask().getFileName().toString());
        List<DatasetProblem> problems = DatasetCheck.check(d);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).problem().contains("size mismatch: image 4x4 but mask 4x3"), problems.toString());
    }

    @Test
    void tpWithoutGtIsReportedNotThrown() throws IOException {
        image(dir.resolve("s/Tp/a.png"), 4, 4);
        image(dir.resolve("s/Tp/b.png"), 4, 4);
        mask(dir.resolve("s/Gt/a_gt.png"), 4, 4);
        Dataset d = Datasets.open(dir.resolve("s"));
        assertEquals(1, d.samples().size());
        assertTrue(d.problems().stream().anyMatch(p -> p.toString().contains("b.png: no mask in Gt/")), d.problems().toString());
    }

    @Test
    void imagesMasksWithSuffixesAndOriginals() throws IOException {
        image(dir.resolve("c/tampered/im1_t.png"), 4, 4);
        mask(dir.resolve("c/masks/im1_t_mask.png"), 4, 4);
        image(dir.resolve("c/tampered/x.jpg.png"), 4, 4);
        mask(dir.resolve("c/masks/x.jpg_gt.png"), 4, 4);
        image(dir.resolve("c/originals/im1.png"), 4, 4);
        Dataset d = Datasets.open(dir.resolve("c"));
        assertEquals("images-masks", d.layout());
        assertEquals(3, d.samples().size());
        assertEquals(2, d.tamperedCount());
        assertTrue(d.samples().get(2).isAuthentic());
        assertEquals(List.of(), DatasetCheck.check(d));
    }

    @Test
    void jsonListResolvesAgainstItsFolder() throws IOException {
        image(dir.resolve("j/img/a.png"), 3, 3);
        mask(dir.resolve("j/gt/a.png"), 3, 3);
        image(dir.resolve("j/img/n.png"), 3, 3);
        Files.writeString(dir.resolve("j/list.json"), "[[\"img/a.png\", \"gt/a.png\"], [\"img/n.png\", \"Negative\"], [\"img/gone.png\", \"gt/gone.png\"]]");
        Dataset d = Datasets.open(dir.resolve("j/list.json"));
        assertEquals("json-list", d.layout());
        assertEquals(3, d.samples().size());
        assertNull(d.samples().get(1).mask());
        List<DatasetProblem> problems = DatasetCheck.check(d);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().endsWith("gone.png: missing image file"));
        assertTrue(problems.get(1).toString().endsWith("gone.png: missing mask file"));
    }

    @Test
    void manifestRoundTripIgnoresUnknownFields() throws IOException {
        image(dir.resolve("m/images/0001.png"), 5, 5);
        mask(dir.resolve("m/masks/0001.png"), 5, 5);
        image(dir.resolve("m/images/0002.png"), 5, 5);
        ObjectMapper json = new ObjectMapper();
        List<Sample> samples = List.of(
                new Sample(dir.resolve("m/images/0001.png"), dir.resolve("m/masks/0001.png"), Task.DOCUMENT,
                        List.of(new Box(0, 0, 1, 1)), json.readTree("{\"text\": \"a word was replaced\"}"), "0001"),
                new Sample(dir.resolve("m/images/0002.png"), null, Task.NATURAL, List.of(), null, "0002"));
        Path manifest = dir.resolve("m/manifest.json");
        Datasets.writeManifest(manifest, "demo", samples,
                Map.of("0001", (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("{\"manipulation\": {\"type\": \"text\"}}")));
        String text = Files.readString(manifest);
        assertTrue(text.contains("\"image\" : \"images/0001.png\""), text);
        assertTrue(text.contains("\"manipulation\""));
        Dataset d = Datasets.open(dir.resolve("m"));
        assertEquals("manifest", d.layout());
        assertEquals("demo", d.name());
        Sample a = d.samples().get(0);
        assertEquals(Task.DOCUMENT, a.task());
        assertEquals(List.of(new Box(0, 0, 1, 1)), a.boxes());
        assertEquals("a word was replaced", a.description().get("text").asText());
        assertEquals(dir.resolve("m/masks/0001.png").toAbsolutePath().normalize(), a.mask().normalize());
        assertTrue(d.samples().get(1).isAuthentic());
        assertEquals(List.of(), DatasetCheck.check(d));
    }

    @Test
    void corruptFilesAreProblemsNotCrashes() throws IOException {
        image(dir.resolve("k/images/a.png"), 4, 4);
        Files.createDirectories(dir.resolve("k/masks"));
        Files.writeString(dir.resolve("k/masks/a_mask.png"), "not a png");
        List<DatasetProblem> problems = DatasetCheck.check(Datasets.open(dir.resolve("k")));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).problem().startsWith("unreadable mask: not an image"), problems.toString());
        assertThrows(IOException.class, () -> Datasets.open(dir.resolve("nothing-here")));
    }
}
