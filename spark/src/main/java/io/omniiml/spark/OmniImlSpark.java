package io.omniiml.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

/**
 * Omni-IML inside a Spark application: list image files on any Hadoop file system, analyse them on the executors
 * (one model per executor JVM), and keep the results as a resumable Parquet table.
 *
 * <pre>{@code
 * Dataset<String> paths = OmniImlSpark.listImages(spark, "s3a://bucket/photos/2026/*");
 * ScanRun run = OmniImlSpark.scanInto(paths, "s3a://bucket/omniiml/photos", ScanOptions.builder().build());
 * Dataset<Row> results = OmniImlSpark.readResults(spark, "s3a://bucket/omniiml/photos");
 * }</pre>
 *
 * The result columns are listed in {@link ResultSchema}.
 */
public final class OmniImlSpark {
    /** Names that {@link #inputPaths} treats as a list file instead of a glob or folder. */
    public static final List<String> LIST_FILE_SUFFIXES = List.of(".txt", ".lst", ".list");
    /** Scan tasks per core when {@link ScanOptions#partitions()} is 0: small enough to balance slow images. */
    static final int TASKS_PER_CORE = 4;

    private OmniImlSpark() {
    }

    /** What {@link #scanInto} did. {@code runDir} is null when there was nothing new to scan. */
    public record ScanRun(long inputs, long skipped, long scanned, long errors, String runDir) {
    }

    /**
     * Every file matched by the globs or below the folders (recursive), as fully qualified paths. Listing goes
     * through Spark's file index (parallel for large folders); files are not read here. Hidden files and those
     * starting with '_' are skipped, as everywhere in Spark.
     */
    public static Dataset<String> listImages(SparkSession spark, String... globsOrFolders) {
        return spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                .load(globsOrFolders).select(ResultSchema.PATH).as(Encoders.STRING());
    }

    /**
     * The paths of a list file, one per line (blank lines and lines starting with '#' skipped), as fully
     * qualified paths; relative paths are relative to the list file's folder (as {@code omniiml scan}).
     */
    public static Dataset<String> readPathList(SparkSession spark, String listFile) throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path list = new Path(listFile);
        Path folder = list.getFileSystem(hadoop).makeQualified(list).getParent();
        HadoopConf conf = new HadoopConf(hadoop);
        String base = folder.toString();
        FilterFunction<String> isPath = line -> !line.isBlank() && !line.strip().startsWith("#");
        MapFunction<String, String> qualify = line -> {
            Path p = new Path(new Path(base), line.strip());
            return p.getFileSystem(conf.get()).makeQualified(p).toString(); // file systems are cached per JVM
        };
        return spark.read().textFile(list.toString()).filter(isPath).map(qualify, Encoders.STRING());
    }

    /** A list file (name ending in {@link #LIST_FILE_SUFFIXES}) via {@link #readPathList}, else {@link #listImages}. */
    public static Dataset<String> inputPaths(SparkSession spark, String input) throws IOException {
        String name = new Path(input).getName().toLowerCase(Locale.ROOT);
        if (LIST_FILE_SUFFIXES.stream().anyMatch(name::endsWith)) {
            return readPathList(spark, input);
        }
        return listImages(spark, input);
    }

    /** Lazily analyses each path; the executors read the files. One row per path, see {@link ResultSchema#of}. */
    public static Dataset<Row> scan(Dataset<String> paths, ScanOptions options) {
        return scanRows(paths.toDF(ResultSchema.PATH), false, options);
    }

    /**
     * Lazily analyses a DataFrame of binary files as Spark's {@code binaryFile} source gives it (columns
     * {@code path} and {@code content}; others are ignored).
     */
    public static Dataset<Row> scanBinaryFiles(Dataset<Row> binaryFiles, ScanOptions options) {
        requireColumns(binaryFiles, ResultSchema.PATH, "content");
        return scanRows(binaryFiles.select(ResultSchema.PATH, "content"), true, options);
    }

    /**
     * Resumable scan into {@code outputDir}: paths already stored there are skipped (with
     * {@link ScanOptions#retryErrors()}, only those stored without error), the rest is analysed and written as a
     * new committed run. Read the table with {@link #readResults}.
     */
    public static ScanRun scanInto(Dataset<String> paths, String outputDir, ScanOptions options) throws IOException {
        return scanIntoStore(paths.toDF(ResultSchema.PATH), false, outputDir, options);
    }

    /** {@link #scanInto} for a DataFrame of binary files (columns {@code path}, {@code content}). */
    public static ScanRun scanBinaryFilesInto(Dataset<Row> binaryFiles, String outputDir, ScanOptions options)
            throws IOException {
        requireColumns(binaryFiles, ResultSchema.PATH, "content");
        return scanIntoStore(binaryFiles.select(ResultSchema.PATH, "content"), true, outputDir, options);
    }

    /**
     * The table in {@code outputDir}: one row per path (the newest when runs overlap), from committed runs only,
     * columns {@link ResultSchema#stored}. Empty when nothing was stored yet.
     */
    public static Dataset<Row> readResults(SparkSession spark, String outputDir) throws IOException {
        return new ResultStore(spark, outputDir).read(MaskFormat.PNG);
    }

    private static ScanRun scanIntoStore(Dataset<Row> input, boolean withContent, String outputDir, ScanOptions options)
            throws IOException {
        SparkSession spark = input.sparkSession();
        ResultStore store = new ResultStore(spark, outputDir);
        MaskFormat stored = store.storedMaskFormat();
        if (stored != null && stored != options.maskFormat()) {
            throw new IllegalArgumentException(store.root() + " holds masks as " + stored.name().toLowerCase(Locale.ROOT)
                    + "; resume with that mask format or write to a new output folder");
        }
        // Each path once: a list may name a file twice, the table must not hold it twice. Counting selects only
        // the path column, so Spark reads no file content for the counts.
        Dataset<Row> paths = input.select(ResultSchema.PATH).distinct();
        Dataset<Row> done = store.donePaths(options.retryErrors());
        Row counts = paths.join(done.withColumn("_done", lit(true)), ResultSchema.PATH, "left")
                .agg(count("*"), count("_done")).first();
        long inputs = counts.getLong(0);
        long skipped = counts.getLong(1);
        if (skipped == inputs) {
            return new ScanRun(inputs, skipped, 0, 0, null);
        }
        Dataset<Row> todo = (withContent ? input.dropDuplicates(ResultSchema.PATH) : paths)
                .join(done, ResultSchema.PATH, "left_anti");
        String runId = ResultStore.newRunId();
        Path runDir = store.write(scanRows(todo, withContent, options).withColumn(ResultSchema.RUN_ID, lit(runId)), runId);
        Row written = spark.read().parquet(runDir.toString()).agg(count("*"), count(ResultSchema.ERROR)).first();
        return new ScanRun(inputs, skipped, written.getLong(0), written.getLong(1), runDir.toString());
    }

    private static Dataset<Row> scanRows(Dataset<Row> input, boolean withContent, ScanOptions options) {
        SparkSession spark = input.sparkSession();
        int partitions = options.partitions() > 0 ? options.partitions()
                : TASKS_PER_CORE * spark.sparkContext().defaultParallelism();
        HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        return input.repartition(partitions).mapPartitions(new ImageScanFunction(options, conf, withContent),
                Encoders.row(ResultSchema.of(options.maskFormat())));
    }

    private static void requireColumns(Dataset<Row> frame, String... names) {
        List<String> have = Arrays.asList(frame.columns());
        for (String name : names) {
            if (!have.contains(name)) {
                throw new IllegalArgumentException("the binary-file DataFrame needs columns path and content"
                        + " (as spark.read().format(\"binaryFile\") gives them); it has " + have);
            }
        }
    }
}
