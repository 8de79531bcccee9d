package io.omniiml.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

/**
 * The layout of a resumable output folder: every run writes its new rows to its own sub-folder
 * {@code run-<UTC time>-<random>/} through Spark's Parquet committer, which creates {@code _SUCCESS} only after
 * the job committed. Readers take only runs with {@code _SUCCESS}, so a run that crashed, even in the middle of
 * its commit, is invisible and its files get scanned again by the next run. Readers also keep only the newest
 * row per path (run ids sort by time), so two runs over overlapping inputs never show a path twice.
 */
final class ResultStore {
    static final String RUN_PREFIX = "run-";
    static final String SUCCESS = "_SUCCESS";
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'");

    private final SparkSession spark;
    private final Path root;
    private final FileSystem fs;

    ResultStore(SparkSession spark, String outputDir) throws IOException {
        this.spark = spark;
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path dir = new Path(outputDir);
        this.fs = dir.getFileSystem(conf);
        this.root = fs.makeQualified(dir);
    }

    Path root() {
        return root;
    }

    /** A new run id, later in sort order than any earlier one from this clock. */
    static String newRunId() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return RUN_PREFIX + RUN_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + HexFormat.of().formatHex(random);
    }

    /** The committed run folders, oldest first. */
    List<Path> committedRuns() throws IOException {
        FileStatus[] children;
        try {
            children = fs.listStatus(root);
        } catch (FileNotFoundException e) {
            return List.of();
        }
        List<Path> runs = new ArrayList<>();
        Arrays.sort(children);
        for (FileStatus child : children) {
            if (child.isDirectory() && child.getPath().getName().startsWith(RUN_PREFIX)
                    && fs.exists(new Path(child.getPath(), SUCCESS))) {
                runs.add(child.getPath());
            }
        }
        return runs;
    }

    /** The mask format of the stored rows, or null when there are none yet. */
    MaskFormat storedMaskFormat() throws IOException {
        List<Path> runs = committedRuns();
        if (runs.isEmpty()) {
            return null;
        }
        DataType mask = spark.read().parquet(runs.get(runs.size() - 1).toString()).schema()
                .apply(ResultSchema.MASK).dataType();
        return mask.equals(ResultSchema.maskType(MaskFormat.PNG)) ? MaskFormat.PNG : MaskFormat.RLE;
    }

    /** Every stored row, newest per path only; an empty table of {@code emptyFormat} when nothing is stored. */
    Dataset<Row> read(MaskFormat emptyFormat) throws IOException {
        List<Path> runs = committedRuns();
        if (runs.isEmpty()) {
            StructType schema = ResultSchema.stored(emptyFormat);
            return spark.createDataFrame(List.of(), schema);
        }
        // mergeSchema: runs written before a column was added (e.g. fusion) read with it as null
        Dataset<Row> all = spark.read().option("mergeSchema", "true").parquet(runs.stream().map(Path::toString).toArray(String[]::new));
        Column newestFirst = row_number().over(Window.partitionBy(ResultSchema.PATH).orderBy(col(ResultSchema.RUN_ID).desc()));
        return all.withColumn("_rank", newestFirst).where(col("_rank").equalTo(1)).drop("_rank");
    }

    /** The paths that need no new scan: all stored ones, or only the successful ones when errors are retried. */
    Dataset<Row> donePaths(boolean retryErrors) throws IOException {
        List<Path> runs = committedRuns();
        if (runs.isEmpty()) {
            return spark.createDataFrame(List.of(), new StructType().add(ResultSchema.PATH, "string"));
        }
        Dataset<Row> stored = read(MaskFormat.PNG);
        if (retryErrors) {
            stored = stored.where(col(ResultSchema.ERROR).isNull());
        }
        return stored.select(ResultSchema.PATH);
    }

    /** Writes {@code rows} as run {@code runId}; returns its folder. Fails if the folder exists (never overwrites). */
    Path write(Dataset<Row> rows, String runId) {
        Path dir = new Path(root, runId);
        rows.write().mode("errorifexists").parquet(dir.toString());
        return dir;
    }
}
