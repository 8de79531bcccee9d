package io.omniiml.spark;

import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.pipeline.Detectors;
import io.omniiml.pipeline.ResultJson;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OmniImlSparkTest {
    @TempDir
    Path tmp;

    private final SparkSession spark = TestImages.spark();

    private static ScanOptions.Builder options() {
        return ScanOptions.builder().optDetector(TestImages.DETECTOR).optPartitions(3);
    }

    private static Map<String, Row> byPath(Dataset<Row> rows) {
        Map<String, Row> map = new HashMap<>();
        for (Row r : rows.collectAsList()) {
            assertNull(map.put(r.getAs(ResultSchema.PATH), r), "path twice: " + r.getAs(ResultSchema.PATH));
        }
        return map;
    }

    private static String key(Path file) {
        return "file:" + file.toAbsolutePath().normalize();
    }

    @Test
    void scansAFolderRecordsTheCorruptFileAndResumesWithoutDuplicates() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path a = TestImages.write(images, "a.png", 64, 48, 1);
        TestImages.write(images, "b.jpg", 80, 64, 2);
        TestImages.write(Files.createDirectories(images.resolve("sub")), "c.png", 48, 48, 3);
        Path bad = TestImages.corrupt(images, "broken.jpg");
        String out = tmp.resolve("out").toString();
        int loadsBefore = ExecutorAnalyzers.loads();

        OmniImlSpark.ScanRun first = OmniImlSpark.scanInto(OmniImlSpark.listImages(spark, images.toString()), out, options().build());
        assertEquals(new OmniImlSpark.ScanRun(4, 0, 4, 1, first.runDir()), first);

        Map<String, Row> rows = byPath(OmniImlSpark.readResults(spark, out));
        assertEquals(4, rows.size());
        Row broken = rows.get(key(bad));
        assertNotNull(broken, rows.keySet().toString());
        assertNotNull(broken.getAs(ResultSchema.ERROR));
        assertNull(broken.getAs(ResultSchema.SCORE));
        Row ok = rows.get(key(a));
        assertNull(ok.getAs(ResultSchema.ERROR));
        assertEquals(64, (int) ok.getAs(ResultSchema.WIDTH));
        assertEquals(48, (int) ok.getAs(ResultSchema.HEIGHT));
        BufferedImage mask = ImageIO.read(new ByteArrayInputStream(ok.getAs(ResultSchema.MASK)));
        assertEquals(64, mask.getWidth());
        assertEquals(48, mask.getHeight());
        Set<String> modelIds = new HashSet<>();
        for (Row r : rows.values()) {
            modelIds.add(r.getAs(ResultSchema.MODEL_ID));
            assertTrue((double) r.getAs(ResultSchema.ELAPSED_MS) >= 0);
            if (r.getAs(ResultSchema.ERROR) == null) {
                double score = r.getAs(ResultSchema.SCORE);
                assertTrue(score >= 0 && score <= 1, "score " + score);
                for (Row box : r.<Row>getList(r.fieldIndex(ResultSchema.BOXES))) {
                    assertTrue(box.getInt(0) >= 0 && box.getInt(0) + box.getInt(2) <= (int) r.getAs(ResultSchema.WIDTH));
                    assertTrue(box.getInt(1) >= 0 && box.getInt(1) + box.getInt(3) <= (int) r.getAs(ResultSchema.HEIGHT));
                }
                assertNotNull(r.getAs(ResultSchema.EXPLANATION));
            }
        }
        assertEquals(1, modelIds.size(), "one model, one id: " + modelIds);
        assertNotNull(modelIds.iterator().next());

        TestImages.write(images, "d.png", 32, 40, 4);
        TestImages.write(images, "e.jpg", 56, 40, 5);
        OmniImlSpark.ScanRun second = OmniImlSpark.scanInto(OmniImlSpark.listImages(spark, images.toString()), out, options().build());
        assertEquals(new OmniImlSpark.ScanRun(6, 4, 2, 0, second.runDir()), second);
        assertEquals(6, byPath(OmniImlSpark.readResults(spark, out)).size());

        OmniImlSpark.ScanRun third = OmniImlSpark.scanInto(OmniImlSpark.listImages(spark, images.toString()), out, options().build());
        assertEquals(new OmniImlSpark.ScanRun(6, 6, 0, 0, null), third);
        // Three scans of three partitions each: one load at most (none when an earlier test of this JVM loaded it).
        assertTrue(ExecutorAnalyzers.loads() - loadsBefore <= 1, "the analyzer is loaded once per JVM");

        // A run that crashed before its commit left data files but no _SUCCESS: readers must not see them.
        Path crashed = Files.createDirectories(tmp.resolve("out").resolve(ResultStore.RUN_PREFIX + "99991231T000000000Z-crash"));
        try (Stream<Path> parts = Files.list(Path.of(first.runDir().replace("file:", "")))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                Files.copy(part, crashed.resolve(part.getFileName()));
            }
        }
        assertEquals(6, byPath(OmniImlSpark.readResults(spark, out)).size());

        OmniImlSpark.ScanRun retry = OmniImlSpark.scanInto(OmniImlSpark.listImages(spark, images.toString()), out,
                options().optRetryErrors(true).build());
        assertEquals(new OmniImlSpark.ScanRun(6, 5, 1, 1, retry.runDir()), retry);
        Map<String, Row> after = byPath(OmniImlSpark.readResults(spark, out));
        assertEquals(6, after.size());
        assertTrue(retry.runDir().endsWith((String) after.get(key(bad)).getAs(ResultSchema.RUN_ID)),
                "the newest row of a path wins");
    }

    @Test
    void listFileRowsMatchTheAnalyzerRunDirectly() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path a = TestImages.write(images, "a.png", 64, 48, 11);
        Path b = TestImages.write(images, "b.jpg", 72, 56, 12);
        Path list = tmp.resolve("inputs.txt");
        Files.writeString(list, "# images to check\nimages/a.png\n\n" + b.toAbsolutePath() + "\nimages/a.png\nimages/missing.png\n");
        String out = tmp.resolve("out").toString();
        ScanOptions rle = options().optMaskFormat(MaskFormat.RLE).build();

        OmniImlSpark.ScanRun run = OmniImlSpark.scanInto(OmniImlSpark.inputPaths(spark, list.toString()), out, rle);
        assertEquals(new OmniImlSpark.ScanRun(3, 0, 3, 1, run.runDir()), run);
        Map<String, Row> rows = byPath(OmniImlSpark.readResults(spark, out));
        assertEquals("file not found", rows.get(key(images.resolve("missing.png"))).getAs(ResultSchema.ERROR));

        try (ImageAnalyzer direct = Detectors.create(TestImages.DETECTOR, null)) {
            for (Path file : List.of(a, b)) {
                AnalysisResult expected = direct.analyze(ImageLoader.DEFAULT.load(file), AnalysisOptions.DEFAULT);
                Row r = rows.get(key(file));
                assertEquals(expected.score(), (double) r.getAs(ResultSchema.SCORE), 1e-12, file.toString());
                assertNotNull(expected.fusion(), "the network detector fuses by default");
                assertEquals(ResultJson.MAPPER.writeValueAsString(expected.fusion()), r.getAs(ResultSchema.FUSION));
                assertNotNull(expected.verdict(), "the shipped fusion rule carries a verdict");
                assertEquals(expected.verdict().label(), r.getAs(ResultSchema.VERDICT), file.toString());
                Mask mask = MaskEncodingOps.decodeRle(r.getAs(ResultSchema.MASK), r.getAs(ResultSchema.WIDTH), r.getAs(ResultSchema.HEIGHT));
                assertEquals(expected.mask().count(), mask.count());
                assertTrue(java.util.Arrays.equals(expected.mask().data(), mask.data()), "mask of " + file);
                List<Row> boxes = r.getList(r.fieldIndex(ResultSchema.BOXES));
                assertEquals(expected.boxes().size(), boxes.size());
                for (int i = 0; i < boxes.size(); i++) {
                    Box e = expected.boxes().get(i);
                    Row got = boxes.get(i);
                    assertEquals(List.of(e.x(), e.y(), e.width(), e.height()),
                            List.of(got.getInt(0), got.getInt(1), got.getInt(2), got.getInt(3)));
                }
            }
        }

        // --no-fusion: the network alone, no fusion column
        String plainOut = tmp.resolve("out-network-only").toString();
        OmniImlSpark.scanInto(OmniImlSpark.inputPaths(spark, a.toString()), plainOut, options().optFusion(false).build());
        Row plain = OmniImlSpark.readResults(spark, plainOut).collectAsList().get(0);
        try (ImageAnalyzer direct = Detectors.create(TestImages.DETECTOR, null)) {
            AnalysisResult expected = direct.analyze(ImageLoader.DEFAULT.load(a), AnalysisOptions.DEFAULT.withFusion(false));
            assertEquals(expected.score(), (double) plain.getAs(ResultSchema.SCORE), 1e-12);
            assertNull(plain.getAs(ResultSchema.FUSION));
            // the shipped rule's verdict of the network alone, as the analyser gives it
            assertNotNull(expected.verdict(), "the shipped fusion rule carries a verdict of the network alone");
            assertEquals(expected.verdict().label(), plain.getAs(ResultSchema.VERDICT));
        }

        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () ->
                OmniImlSpark.scanInto(OmniImlSpark.inputPaths(spark, list.toString()), out, options().build()));
        assertTrue(mixed.getMessage().contains("rle"), mixed.getMessage());
    }

    @Test
    void scansADataFrameOfBinaryFiles() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        TestImages.write(images, "a.png", 40, 40, 21);
        TestImages.corrupt(images, "b.jpg");
        Dataset<Row> files = spark.read().format("binaryFile").load(images.toString());

        Map<String, Row> rows = byPath(OmniImlSpark.scanBinaryFiles(files, options().build()));
        assertEquals(2, rows.size());
        assertNull(rows.get(key(images.resolve("a.png"))).getAs(ResultSchema.ERROR));
        assertNotNull(rows.get(key(images.resolve("b.jpg"))).getAs(ResultSchema.ERROR));

        String out = tmp.resolve("out").toString();
        assertEquals(2, OmniImlSpark.scanBinaryFilesInto(files, out, options().build()).scanned());
        assertEquals(new OmniImlSpark.ScanRun(2, 2, 0, 0, null), OmniImlSpark.scanBinaryFilesInto(files, out, options().build()));
        assertEquals(1, OmniImlSpark.readResults(spark, out).where(col(ResultSchema.ERROR).isNotNull()).count());

        assertThrows(IllegalArgumentException.class, () -> OmniImlSpark.scanBinaryFiles(files.select("path"), options().build()));
    }

    @Test
    void readingAnEmptyOutputGivesAnEmptyTable() throws Exception {
        Dataset<Row> empty = OmniImlSpark.readResults(spark, tmp.resolve("nothing").toString());
        assertEquals(0, empty.count());
        assertEquals(ResultSchema.stored(MaskFormat.PNG), empty.schema());
    }
}
