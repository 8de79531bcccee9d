package io.omniiml.spark;

import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.InputFailure;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Box;
import io.omniiml.pipeline.ResultJson;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The executor side of a scan: for each input row ({@code path}, and {@code content} when the input already holds
 * the bytes) it reads the file through the Hadoop file system, decodes, analyses and returns one result row.
 * A file that cannot be read, decoded or analysed gives a row with {@code error} set; the partition goes on.
 * Rows are produced lazily, so a partition holds one image at a time.
 */
final class ImageScanFunction implements MapPartitionsFunction<Row, Row> {
    private final ScanOptions options;
    private final HadoopConf conf;
    private final boolean inputHasContent;

    ImageScanFunction(ScanOptions options, HadoopConf conf, boolean inputHasContent) {
        this.options = options;
        this.conf = conf;
        this.inputHasContent = inputHasContent;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        if (!input.hasNext()) {
            return input; // an empty partition loads no model
        }
        ExecutorAnalyzers.Loaded loaded = ExecutorAnalyzers.get(options, conf.get());
        ImageLoader loader = ImageLoader.builder().optMaxPixels(options.maxPixels()).build();
        AnalysisOptions analysis = new AnalysisOptions(options.threshold(), options.explain(), false, options.fusion());
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Row next() {
                Row row = input.next();
                return scanOne(row.getAs(ResultSchema.PATH), inputHasContent ? row.getAs("content") : null,
                        loaded, loader, analysis);
            }
        };
    }

    private Row scanOne(String path, byte[] content, ExecutorAnalyzers.Loaded loaded, ImageLoader loader,
                        AnalysisOptions analysis) {
        long start = System.nanoTime();
        String error;
        long pixels = 0;
        try {
            byte[] bytes = content != null ? content : read(path);
            if (bytes.length > options.maxFileBytes()) {
                throw new ImageReadException(path, "file of " + bytes.length + " bytes exceeds the limit of "
                        + options.maxFileBytes());
            }
            LoadedImage image = loader.load(bytes, path);
            pixels = (long) image.width() * image.height();
            AnalysisResult result = loaded.analyzer().analyze(image, analysis);
            return resultRow(path, result, loaded.modelId(), elapsedMs(start));
        } catch (ImageReadException e) {
            error = e.problem();
        } catch (FileNotFoundException e) {
            error = "file not found";
        } catch (IOException e) {
            error = "read failed: " + e.getMessage();
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            error = InputFailure.problem(e, pixels); // as omniiml scan: one bad image must not stop the job
        }
        return RowFactory.create(path, null, null, null, null, null, null, null, null, null, null, null, error,
                loaded.modelId(), elapsedMs(start));
    }

    /** The whole file; larger than the limit is an error before any byte is read. */
    private byte[] read(String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf.get());
        FileStatus status = fs.getFileStatus(p);
        if (status.isDirectory()) {
            throw new ImageReadException(path, "is a folder, not a file");
        }
        if (status.getLen() > options.maxFileBytes()) {
            throw new ImageReadException(path, "file of " + status.getLen() + " bytes exceeds the limit of "
                    + options.maxFileBytes());
        }
        byte[] data = new byte[(int) status.getLen()];
        try (FSDataInputStream in = fs.open(p)) {
            in.readFully(0, data);
        }
        return data;
    }

    private Row resultRow(String path, AnalysisResult r, String modelId, double elapsedMs) throws IOException {
        ResultJson.requireFinite(r); // a NaN is an error row, never a number (as detect and scan)
        List<Row> boxes = new ArrayList<>(r.boxes().size());
        for (Box b : r.boxes()) {
            boxes.add(RowFactory.create(b.x(), b.y(), b.width(), b.height()));
        }
        Object mask = options.maskFormat() == MaskFormat.PNG
                ? MaskEncodingOps.png(r.mask()) : MaskEncodingOps.rle(r.mask());
        String explanation = r.explanation() == null ? null : ResultJson.MAPPER.writeValueAsString(r.explanation());
        String fusion = r.fusion() == null ? null : ResultJson.MAPPER.writeValueAsString(r.fusion());
        // Spark's row encoder takes Scala sequences for array columns, not java.util.List.
        return RowFactory.create(path, r.format(), r.width(), r.height(), r.score(), CollectionConverters.asScala(boxes),
                r.gate(), r.gateConfidence(), mask, explanation, fusion,
                r.verdict() == null ? null : r.verdict().label(), null, modelId, elapsedMs);
    }

    private static double elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
