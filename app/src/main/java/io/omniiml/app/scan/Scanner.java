package io.omniiml.app.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.api.InputFailure;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.pipeline.ArtifactWriter;
import io.omniiml.pipeline.ResultJson;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;

/**
 * Batch analysis of many files into an output folder: {@code results.jsonl} (see {@link ResultsJournal}; each ok
 * line is the common result object of docs/json.md plus path, status, files, elapsed_ms, finished_at), per
 * image {@code masks/KEY.png}, {@code prob/KEY.png} (16-bit probability), {@code overlays/KEY.png},
 * {@code thumbs/KEY.png} ({@link ArtifactWriter.Layout#FOLDERS}), and {@code report.html} at the end.
 *
 * <p>Memory: at most {@link #workers()} images are decoded at once, and at most twice that many are handed to the
 * pool, so memory does not grow with the number of files. The worker count is the requested thread count capped
 * by the heap: each worker may hold an image of up to {@code maxPixels} pixels at about
 * {@value #BYTES_PER_PIXEL} bytes per pixel (RGB raster, probability, mask, overlay, decoder buffers).
 */
public final class Scanner {
    static final int BYTES_PER_PIXEL = 24;
    /** Share of the heap the images may use; the rest is for the model, the JVM and the libraries. */
    static final double HEAP_SHARE = 0.6;

    private final ImageAnalyzer analyzer;
    private final Path outDir;
    /** Overwrites: a resumed scan replaces the pictures a killed run left without a journal line. */
    private final ArtifactWriter artifacts;
    private final AnalysisOptions options;
    private final ImageLoader loader;
    private final int workers;
    private final boolean progress;
    private final PrintStream log;

    private Scanner(Builder b) {
        this.analyzer = Objects.requireNonNull(b.analyzer, "analyzer");
        this.outDir = Objects.requireNonNull(b.outDir, "output folder").toAbsolutePath().normalize();
        this.artifacts = new ArtifactWriter(outDir, ArtifactWriter.Layout.FOLDERS, 0.6, true);
        this.options = b.options;
        this.loader = ImageLoader.builder().optMaxPixels(b.maxPixels).build();
        this.workers = workersFor(b.threads, b.maxPixels, Runtime.getRuntime().maxMemory());
        this.progress = b.progress;
        this.log = b.log;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The requested threads, capped so that {@code workers * maxPixels * BYTES_PER_PIXEL} fits the heap share. */
    static int workersFor(int threads, long maxPixels, long maxHeapBytes) {
        long perWorker = Math.max(1, maxPixels * BYTES_PER_PIXEL);
        long affordable = (long) (maxHeapBytes * HEAP_SHARE) / perWorker;
        return (int) Math.max(1, Math.min(threads, affordable));
    }

    public int workers() {
        return workers;
    }

    /** What a finished (or partly finished, when interrupted) run did. */
    public record Summary(int total, int skipped, int ok, int errors, Path results, Path report) {
    }

    public Summary run(List<Path> inputs) throws IOException, InterruptedException {
        Files.createDirectories(outDir); // the pictures' sub-folders come with their first picture
        ImageIO.setUseCache(false);
        Path results = outDir.resolve("results.jsonl");
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<Throwable> fatal = new AtomicReference<>();
        int skipped;
        try (ResultsJournal journal = ResultsJournal.open(results)) {
            journal.repairs().forEach(r -> log.println("scan: " + results + ": " + r));
            List<Path> todo = inputs.stream().filter(p -> !journal.isDone(key(p))).toList();
            skipped = inputs.size() - todo.size();
            if (skipped > 0) {
                log.println("scan: resuming, " + skipped + " of " + inputs.size() + " files already in " + results);
            }
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "omniiml-scan");
                t.setDaemon(true);
                return t;
            });
            Semaphore handedOut = new Semaphore(2 * workers);
            try (ProgressBar bar = progressBar(inputs.size(), skipped)) {
                for (Path file : todo) {
                    if (fatal.get() != null) {
                        break;
                    }
                    handedOut.acquire();
                    pool.execute(() -> {
                        try {
                            ObjectNode record = process(file);
                            (record.get("status").asText().equals("ok") ? ok : errors).incrementAndGet();
                            journal.append(record);
                            if (bar != null) {
                                bar.step();
                                bar.setExtraMessage("errors " + errors.get());
                            }
                        } catch (IOException | RuntimeException | Error e) {
                            // The journal or the output folder failed: stop, what is recorded stays valid.
                            fatal.compareAndSet(null, e);
                        } finally {
                            handedOut.release();
                        }
                    });
                }
                pool.shutdown();
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    // keep waiting; the progress bar shows that work goes on
                }
            } finally {
                pool.shutdownNow();
            }
        }
        if (fatal.get() != null) {
            throw new IOException("scan stopped: " + fatal.get(), fatal.get());
        }
        Path report = outDir.resolve("report.html");
        ReportWriter.write(results, report);
        return new Summary(inputs.size(), skipped, ok.get(), errors.get(), results, report);
    }

    private ProgressBar progressBar(int total, int skipped) {
        if (!progress) {
            return null;
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName("scan").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(log)).build();
        bar.stepTo(skipped);
        return bar;
    }

    /**
     * One file's journal line; a file that cannot be read or analysed (in any way: unreadable, corrupt, too large,
     * out of memory, a failing analyser, a non-finite result) gives an error line, never an exception. Only a
     * failure to write this scan's own outputs is thrown: it is not the input's fault, and later files would fail
     * too.
     */
    ObjectNode process(Path file) throws IOException {
        long start = System.nanoTime();
        ObjectNode record = ResultJson.MAPPER.createObjectNode();
        record.put("path", key(file));
        long pixels = 0;
        try {
            LoadedImage image = loader.load(file);
            pixels = (long) image.width() * image.height();
            AnalysisResult result = analyzer.analyze(image, options);
            ResultJson.requireFinite(result); // a NaN is an error line, never a number
            writeOutputs(file, image, result, record);
        } catch (OutputException e) {
            throw e.getCause();
        } catch (Exception | Error e) {
            if (e instanceof Error error && !InputFailure.isPerInput(error)) {
                throw error;
            }
            record.removeAll();
            record.put("path", key(file));
            record.put("status", "error");
            record.put("error", InputFailure.problem(e, pixels));
        }
        record.put("elapsed_ms", (System.nanoTime() - start) / 1_000_000);
        record.put("finished_at", Instant.now().toString());
        return record;
    }

    /** Writing one of this scan's own files failed (the cause). */
    private static final class OutputException extends Exception {
        OutputException(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private void writeOutputs(Path file, LoadedImage image, AnalysisResult result, ObjectNode record)
            throws OutputException {
        ObjectNode files;
        try {
            files = artifacts.write(artifactName(file), image.image(), result);
        } catch (IOException e) {
            throw new OutputException(e);
        }
        record.put("status", "ok");
        record.setAll(ResultJson.result(result, options));
        record.set("files", files);
    }

    /** The journal key of a file: its absolute normalized path. */
    static String key(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    /**
     * A file name for a file's outputs, stable across runs (a resumed scan overwrites its own half-written files):
     * the file name made safe, plus a hash of the full path so that equal names in different folders differ.
     */
    static String artifactName(Path file) {
        String base = Objects.toString(file.getFileName(), "file").replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.length() > 80) {
            base = base.substring(0, 80);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key(file).getBytes(StandardCharsets.UTF_8));
            return base + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Configuration of a scan. */
    public static final class Builder {
        private ImageAnalyzer analyzer;
        private Path outDir;
        private AnalysisOptions options = AnalysisOptions.DEFAULT;
        private int threads = Runtime.getRuntime().availableProcessors();
        private long maxPixels = ImageLoader.DEFAULT_MAX_PIXELS;
        private boolean progress = true;
        private PrintStream log = System.err;

        public Builder setAnalyzer(ImageAnalyzer analyzer) {
            this.analyzer = analyzer;
            return this;
        }

        public Builder setOutput(Path dir) {
            this.outDir = dir;
            return this;
        }

        public Builder optOptions(AnalysisOptions options) {
            this.options = options;
            return this;
        }

        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            this.threads = threads;
            return this;
        }

        public Builder optMaxPixels(long maxPixels) {
            this.maxPixels = maxPixels;
            return this;
        }

        public Builder optProgress(boolean progress) {
            this.progress = progress;
            return this;
        }

        public Builder optLog(PrintStream log) {
            this.log = log;
            return this;
        }

        public Scanner build() {
            return new Scanner(this);
        }
    }
}
