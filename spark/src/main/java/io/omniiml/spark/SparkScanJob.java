package io.omniiml.spark;

import io.omniiml.api.ExitCodes;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.util.concurrent.Callable;

/**
 * The {@code spark-submit} entry point: scans a glob, folder or list file of images into a resumable Parquet
 * table. Without a master from spark-submit it runs in local mode on all cores.
 */
@Command(name = "omniiml-spark-scan", mixinStandardHelpOptions = true,
        description = {"Analyse images on a Spark cluster into a Parquet table (one row per file, errors included).",
                "Resumable: run it again on the same --output and it scans only files not stored there yet.",
                "Exit code: 0 all files of this run analysed, 1 some failed (see the error column), 2 usage, 3 internal error."})
public final class SparkScanJob implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "GLOB_OR_LIST",
            description = {"a glob or folder (recursive) of images on any Hadoop file system, or a list file of",
                    "image paths, one per line (name ending in .txt, .lst or .list)"})
    String input;

    @Option(names = "--output", required = true, paramLabel = "PARQUET_DIR",
            description = "output folder; each run adds a committed run-* sub-folder")
    String output;

    @Option(names = "--model", paramLabel = "DIR", description = "model folder, any Hadoop file system (default: the bundled model)")
    String model;

    @Option(names = "--detector", defaultValue = ScanOptions.DEFAULT_DETECTOR, paramLabel = "NAME",
            description = "as omniiml scan --detector (default: ${DEFAULT-VALUE})")
    String detector;

    @Option(names = "--mask-format", defaultValue = "png", paramLabel = "png|rle",
            description = "mask column as PNG bytes or COCO run-length string (default: png)")
    MaskFormat maskFormat;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "scan tasks (default: 4 per core of the cluster)")
    int partitions;

    @Option(names = "--threshold", defaultValue = "0.5", description = "probability above which a pixel is tampered (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--no-fusion", description = "the network alone: no evidence analysers in the final map (the paper's protocol)")
    boolean noFusion;

    @Option(names = "--no-explain", description = "skip the explanation (faster)")
    boolean noExplain;

    @Option(names = "--max-pixels", defaultValue = "100000000", paramLabel = "N", description = "larger images are recorded as errors (default: ${DEFAULT-VALUE})")
    long maxPixels;

    @Option(names = "--retry-errors", description = "scan again the files stored with an error")
    boolean retryErrors;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Exit codes and error lines as the omniiml CLI: a wrong argument value is a usage error, not a crash. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SparkScanJob()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            if (System.getenv("OMNIIML_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return ex instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.INTERNAL;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        ScanOptions options = ScanOptions.builder().optDetector(detector).optModel(model)
                .optMaskFormat(maskFormat).optPartitions(partitions).optThreshold(threshold)
                .optExplain(!noExplain).optMaxPixels(maxPixels).optRetryErrors(retryErrors).optFusion(!noFusion).build();
        // Inside an application that already runs a session (a test, a notebook) the job uses it and leaves it open.
        boolean ownSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession.Builder builder = SparkSession.builder().appName("omniiml-scan");
        if (!new SparkConf().contains("spark.master")) {
            builder.master("local[*]");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            Dataset<String> paths = OmniImlSpark.inputPaths(spark, input);
            OmniImlSpark.ScanRun run = OmniImlSpark.scanInto(paths, output, options);
            System.out.printf("omniiml-spark: %d files, %d already stored, %d analysed now (%d failed)%s%n",
                    run.inputs(), run.skipped(), run.scanned(), run.errors(),
                    run.runDir() == null ? "" : "; new run " + run.runDir());
            return run.errors() > 0 ? ExitCodes.SOME_FAILED : ExitCodes.OK;
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }
}
