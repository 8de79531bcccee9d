package io.omniiml.spark.bench;

import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.app.scan.ScanInputs;
import io.omniiml.app.scan.Scanner;
import io.omniiml.pipeline.Detectors;
import io.omniiml.spark.OmniImlSpark;
import io.omniiml.spark.ScanOptions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Images per second of the distributed path in Spark local mode (local[1], local[2], ...) against the plain
 * {@code omniiml scan} path (its Scanner, 1 and 2 threads) on the same files, in one JVM. Model loading and
 * Spark start-up are excluded (measured once, printed apart): the table shows the steady-state cost of the work
 * plus each path's own overhead (Spark: listing, scheduling, shuffle, Parquet; scan: journal and four PNGs per
 * image). Lives in the spark module because the bench module must not depend on Spark.
 */
@Command(name = "spark-scan-benchmark", mixinStandardHelpOptions = true,
        description = "Images/s: Spark local mode vs. the plain scan command on the same images.")
public final class SparkScanBenchmark implements Callable<Integer> {
    @Option(names = "--images", required = true, paramLabel = "DIR", description = "folder of images (recursive)")
    Path images;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "first N files in path order (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--detector", defaultValue = ScanOptions.DEFAULT_DETECTOR, paramLabel = "NAME", description = "as omniiml scan (default: ${DEFAULT-VALUE})")
    String detector;

    @Option(names = "--model", paramLabel = "DIR", description = "model folder (default: the bundled model)")
    Path model;

    @Option(names = "--cores", defaultValue = "1,2", split = ",", paramLabel = "N", description = "Spark local[N] and scan --threads N values (default: 1,2)")
    List<Integer> cores;

    @Option(names = "--work", paramLabel = "DIR", description = "where to create this run's scratch folder (default: the temp folder)")
    Path work;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkScanBenchmark()).execute(args));
    }

    private record Measurement(String path, int cores, int images, double seconds) {
        double imagesPerSecond() {
            return images / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Path> files = ScanInputs.list(images, null).stream().limit(limit).toList();
        // A fresh folder per run: a reused output would resume, i.e. skip the work to be measured.
        Path scratch = Files.createTempDirectory(work != null ? Files.createDirectories(work) : Path.of(System.getProperty("java.io.tmpdir")),
                "omniiml-spark-bench-");
        Path list = scratch.resolve("inputs.txt");
        Files.writeString(list, files.stream().map(Path::toString).collect(Collectors.joining("\n", "", "\n")),
                StandardCharsets.UTF_8);
        String modelArg = model == null ? null : model.toAbsolutePath().toString();
        AnalysisOptions analysis = AnalysisOptions.DEFAULT;
        ScanOptions options = ScanOptions.builder().optDetector(detector).optModel(modelArg).build();
        List<Measurement> rows = new ArrayList<>();
        System.out.printf("%d images from %s, detector %s, %d available cores%n", files.size(), images, detector,
                Runtime.getRuntime().availableProcessors());

        long t0 = System.nanoTime();
        try (ImageAnalyzer analyzer = Detectors.create(detector, model)) {
            System.out.printf("model load (scan path): %.1f s%n", seconds(t0));
            Scanner.builder().setAnalyzer(analyzer).setOutput(scratch.resolve("scan-warmup")).optOptions(analysis)
                    .optProgress(false).optLog(quiet()).build().run(files.subList(0, Math.min(4, files.size())));
            for (int n : cores) {
                Scanner scanner = Scanner.builder().setAnalyzer(analyzer).setOutput(scratch.resolve("scan-" + n))
                        .optOptions(analysis).optThreads(n).optProgress(false).optLog(quiet()).build();
                long start = System.nanoTime();
                Scanner.Summary s = scanner.run(files);
                rows.add(new Measurement("omniiml scan (Scanner, --threads " + n + ")", n, s.ok() + s.errors(), seconds(start)));
            }
        }
        for (int n : cores) {
            long start = System.nanoTime();
            SparkSession spark = SparkSession.builder().master("local[" + n + "]").appName("omniiml-spark-bench")
                    .config("spark.ui.enabled", "false").getOrCreate();
            System.out.printf("Spark local[%d] start: %.1f s%n", n, seconds(start));
            try {
                // Warm-up on a few images into a throwaway table: loads the model into this JVM's executor cache
                // (once per JVM, as on a cluster executor) and compiles Spark's scan and Parquet code paths.
                long warm = System.nanoTime();
                Path warmList = scratch.resolve("warmup-" + n + ".txt");
                Files.writeString(warmList, files.stream().limit(8).map(Path::toString)
                        .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
                OmniImlSpark.scanInto(OmniImlSpark.readPathList(spark, warmList.toString()),
                        scratch.resolve("spark-warmup-" + n).toString(), options);
                System.out.printf("Spark local[%d] warm-up (8 images, first one loads the model): %.1f s%n", n, seconds(warm));
                start = System.nanoTime();
                OmniImlSpark.ScanRun run = OmniImlSpark.scanInto(OmniImlSpark.readPathList(spark, list.toString()),
                        scratch.resolve("spark-" + n).toString(), options);
                rows.add(new Measurement("Spark local[" + n + "] (scanInto, Parquet)", n, (int) run.scanned(), seconds(start)));
            } finally {
                spark.stop();
            }
        }
        System.out.println();
        System.out.println("| path | cores | images | seconds | images/s |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (Measurement m : rows) {
            System.out.printf("| %s | %d | %d | %.1f | %.2f |%n", m.path(), m.cores(), m.images(), m.seconds(), m.imagesPerSecond());
        }
        return 0;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
