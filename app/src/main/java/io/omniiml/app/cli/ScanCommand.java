package io.omniiml.app.cli;

import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.ExitCodes;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.app.scan.ScanInputs;
import io.omniiml.app.scan.Scanner;
import io.omniiml.core.image.ImageLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Analyse every image of a folder (recursive) or of a list file into an output folder.",
                "Writes DIR/results.jsonl (one line per input file, errors included), per image mask, 16-bit probability,",
                "overlay and thumbnail PNGs, and DIR/report.html. Resumable: run the same command again after an",
                "interruption and it skips the files already in results.jsonl. DIR may lie inside a scanned folder (it",
                "is skipped), but must not be the folder itself nor contain it (exit 2).",
                "Exit code: 0 all files analysed, 1 some files failed (see results.jsonl), 2 usage, 3 internal error."})
public final class ScanCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "a folder (scanned recursively) or a text file listing image paths")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created; reused to resume)")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "parallel analyses (capped by the heap; default: number of cores)")
    Integer threads;

    @Mixin
    AnalyzerOptions analyzerOptions;

    @Option(names = "--no-fusion", description = "the network alone, without the evidence analysers (paper protocol, ablations)")
    boolean noFusion;

    @Option(names = "--threshold", defaultValue = "0.5", description = "probability above which a pixel is tampered (default 0.5)")
    double threshold;

    @Option(names = "--max-pixels", paramLabel = "N", description = "larger images are recorded as errors (default 100000000)")
    long maxPixels = ImageLoader.DEFAULT_MAX_PIXELS;

    @Option(names = "--no-explain", description = "skip the explanation (faster)")
    boolean noExplain;

    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files;
        try {
            ScanInputs.checkOutput(input, out);
            files = ScanInputs.list(input, out);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        ImageAnalyzer created;
        try {
            created = analyzerOptions.create();
        } catch (AnalyzerOptions.UsageException | IOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try (ImageAnalyzer analyzer = created) {
            Scanner.Builder b = Scanner.builder().setAnalyzer(analyzer).setOutput(out).optMaxPixels(maxPixels)
                    .optOptions(new AnalysisOptions(threshold, !noExplain, false, !noFusion)).optProgress(!noProgress);
            if (threads != null) {
                b.optThreads(threads);
            }
            Scanner scanner = b.build();
            Scanner.Summary s = scanner.run(files);
            System.out.printf("scan: %d files, %d analysed now, %d failed now, %d already done; results %s, report %s%n",
                    s.total(), s.ok(), s.errors(), s.skipped(), s.results(), s.report());
            return s.errors() > 0 ? ExitCodes.SOME_FAILED : ExitCodes.OK;
        }
    }
}
