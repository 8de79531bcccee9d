package io.omniiml.app.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.staticfiles.Location;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.EvidenceMap;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.api.InputFailure;
import io.omniiml.api.NonFiniteResultException;
import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.concurrent.CancelledException;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.pipeline.OverlayOps;
import io.omniiml.pipeline.ResultJson;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP service: {@code POST /api/v1/analyze}, {@code GET /api/v1/health}, {@code GET /api/v1/model},
 * {@code GET /api/v1/openapi.json} and the web page at {@code /}.
 *
 * <p>Uploads are processed in memory only (the multipart in-memory threshold equals the upload limit, so Jetty
 * never spills to disk), and no value from a request is ever used as a path. Checks, in order: size (413),
 * content sniffed from the magic bytes, not the name (415), pixel count from the header against the limit the heap
 * allows ({@link ServiceLimits}: 413, nothing decoded), a free inference slot (503 + Retry-After), decodability
 * (422), then the analysis within the timeout (503).
 *
 * <p>Abandoned work is cancelled: while the analysis runs, the request's thread checks every
 * {@value #WATCH_INTERVAL_MS} ms whether the timeout has passed or the client has closed its connection, and then
 * cancels the analysis ({@link Cancellation}); it stops at its next checkpoint and gives its slot back. After an
 * analysis of a large image ends (finished or cancelled), the worker collects the heap so that the JVM gives the
 * memory back to the system instead of keeping the high-water mark.
 */
public final class AnalysisServer implements AutoCloseable {
    static final String RETRY_AFTER_SECONDS = "2";
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisServer.class);
    /** Formats a browser shows as uploaded; others (TIFF) get a PNG display copy in {@code images.original}. */
    static final java.util.Set<String> BROWSER_FORMATS = java.util.Set.of("jpeg", "png", "gif", "bmp", "webp");

    /** How often a waiting request checks its deadline and its client's connection. */
    static final long WATCH_INTERVAL_MS = 100;
    /** After an analysis of at least this many pixels the heap is collected and shrunk (a full GC costs ~0.1-0.5 s). */
    static final long RECLAIM_AFTER_PIXELS = 4_000_000L;

    private final ImageAnalyzer analyzer;
    private final ImageLoader loader;
    private final long maxUploadBytes;
    private final ServiceLimits limits;
    private final Duration timeout;
    private final InferenceQueue queue;
    private final AnalysisOptions defaults;
    private final long startedNanos = System.nanoTime();
    private final Javalin app;

    private AnalysisServer(Builder b) {
        this.analyzer = Objects.requireNonNull(b.analyzer, "analyzer");
        this.limits = ServiceLimits.derive(b.maxHeapBytes, b.workers, b.maxPixels);
        this.loader = ImageLoader.builder().optMaxPixels(limits.maxPixels()).build();
        this.maxUploadBytes = b.maxUploadBytes;
        this.timeout = b.timeout;
        this.queue = new InferenceQueue(limits.workers(), b.queue);
        this.defaults = AnalysisOptions.DEFAULT.withFusion(b.fusion);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = b.host;
            cfg.jetty.port = b.port;
            // In-memory threshold = the limit: an accepted upload never touches the disk.
            cfg.jetty.multipartConfig.maxFileSize(maxUploadBytes, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, maxUploadBytes), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(maxUploadBytes + FORM_FIELDS_ALLOWANCE, SizeUnit.BYTES);
            cfg.staticFiles.add("/web", Location.CLASSPATH);
            cfg.routes.get("/api/v1/health", this::health);
            cfg.routes.get("/api/v1/model", ctx -> json(ctx, 200, analyzer.describe().toString()));
            cfg.routes.get("/api/v1/openapi.json", this::openapi);
            cfg.routes.post("/api/v1/analyze", this::analyze);
            cfg.routes.exception(HttpProblem.class, (e, ctx) -> problem(ctx, e.status, e.getMessage(), e.retryAfter));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                HttpProblem p = malformedRequest(e);
                if (p != null) {
                    problem(ctx, p.status, p.getMessage(), false);
                } else if (isSizeLimit(e)) {
                    problem(ctx, 413, "upload larger than " + maxUploadBytes + " bytes", false);
                } else {
                    LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
                    problem(ctx, 500, "internal error (details in the server log)", false);
                }
            });
        });
    }

    /** Room for the form fields (threshold, evidence, ...) next to the file. */
    private static final long FORM_FIELDS_ALLOWANCE = 64 * 1024;

    public static Builder builder() {
        return new Builder();
    }

    public AnalysisServer start() {
        app.start();
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return app.port();
    }

    public InferenceQueue queue() {
        return queue;
    }

    /** The workers and pixel limit in force (derived from the heap). */
    public ServiceLimits limits() {
        return limits;
    }

    @Override
    public void close() {
        app.stop();
        queue.close();
    }

    private void health(Context ctx) {
        ObjectNode node = ResultJson.MAPPER.createObjectNode();
        node.put("status", "ok");
        node.put("uptime_s", (System.nanoTime() - startedNanos) / 1_000_000_000L);
        node.put("workers", queue.workers());
        node.put("queue_capacity", queue.capacity());
        node.put("in_flight", queue.inFlight());
        node.put("cancelled", queue.cancelledCount());
        node.put("max_upload_bytes", maxUploadBytes);
        node.put("max_pixels", loader.maxPixels());
        node.put("timeout_s", timeout.toSeconds());
        json(ctx, 200, node.toString());
    }

    private void openapi(Context ctx) throws IOException {
        try (InputStream in = AnalysisServer.class.getResourceAsStream("/web/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the class path");
            }
            json(ctx, 200, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private void analyze(Context ctx) throws Exception {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxUploadBytes + FORM_FIELDS_ALLOWANCE) {
            throw new HttpProblem(413, "upload of " + declared + " bytes is larger than the limit of " + maxUploadBytes + " bytes");
        }
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new HttpProblem(400, "send the image as multipart/form-data in field 'image'");
        }
        UploadedFile file = ctx.uploadedFile("image");
        if (file == null) {
            throw new HttpProblem(400, "multipart field 'image' is missing");
        }
        byte[] data;
        try (InputStream in = file.content()) {
            data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxUploadBytes + 1));
        }
        if (data.length > maxUploadBytes) {
            throw new HttpProblem(413, "upload larger than " + maxUploadBytes + " bytes");
        }
        String name = displayName(file.filename());
        if (ImageLoader.sniffFormat(data) == null) {
            throw new HttpProblem(415, name + ": " + (data.length == 0 ? "empty file"
                    : "not an image in a supported format (JPEG, PNG, GIF, BMP, TIFF, WebP), judged from its content"));
        }
        ImageLoader.Size size;
        try {
            size = ImageLoader.headerSize(data, name);
        } catch (ImageReadException e) {
            throw new HttpProblem(422, name + ": " + e.problem());
        }
        if (size.pixels() > limits.maxPixels()) {
            throw new HttpProblem(413, String.format(java.util.Locale.ROOT,
                    "%s: %dx%d = %.1f MP is more than this service accepts: %.1f MP (its limit follows its memory: %s)",
                    name, size.width(), size.height(), size.pixels() / 1e6, limits.maxPixels() / 1e6, limits.describe()));
        }
        AnalysisOptions options = options(ctx);
        Cancellation cancellation = new Cancellation();
        Future<String> pending = queue.trySubmit(cancellation, () -> {
            try {
                return analyzeToJson(data, name, options);
            } finally {
                if (size.pixels() >= RECLAIM_AFTER_PIXELS) {
                    returnHeapToSystem();
                }
            }
        });
        if (pending == null) {
            throw new HttpProblem(503, "busy: all " + queue.capacity() + " analysis slots are taken, retry later", true);
        }
        ClientConnection client = ClientConnection.of(ctx.req());
        long deadline = System.nanoTime() + timeout.toNanos();
        String body;
        try {
            body = awaitOrCancel(pending, cancellation, client, deadline);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancelledException) {
                throw new HttpProblem(503, name + ": analysis " + cause.getMessage() + ", retry later", true);
            }
            if (cause instanceof ImageReadException ire) {
                throw new HttpProblem(422, name + ": " + ire.problem());
            }
            if (cause instanceof NonFiniteResultException nf) {
                throw new HttpProblem(500, name + ": " + nf.getMessage());
            }
            LOG.error("analysis of {} failed", name, cause);
            if (InputFailure.outOfMemory(cause) != null) {
                // this request alone failed; the server goes on, and with fewer requests at once it may succeed
                throw new HttpProblem(503, name + ": analysis failed: not enough memory ("
                        + String.format(java.util.Locale.ROOT, "%.1f MP", size.pixels() / 1e6)
                        + "; the service's memory is shared by its requests), retry later", true);
            }
            throw new HttpProblem(500, name + ": " + InputFailure.problem(cause, size.pixels())
                    + " (details in the server log)");
        }
        if (body == null) {
            LOG.info("{}: the client closed its connection; its analysis was cancelled", name);
            return; // nobody to answer
        }
        if (client.mustClose()) {
            ctx.header("Connection", "close");
        }
        json(ctx, 200, body);
    }

    /**
     * The analysis's answer; on the deadline the analysis is cancelled and 503 is thrown; when the client has left
     * it is cancelled and null is returned.
     */
    private String awaitOrCancel(Future<String> pending, Cancellation cancellation, ClientConnection client,
                                 long deadline) throws ExecutionException, InterruptedException {
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                return pending.get(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), WATCH_INTERVAL_MS)),
                        TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() - deadline >= 0) {
                    queue.cancel(pending, cancellation, "took longer than " + timeout.toMillis() + " ms");
                    throw new HttpProblem(503, "analysis took longer than " + timeoutText() + ", retry later", true);
                }
                if (client.isClosedByClient()) {
                    queue.cancel(pending, cancellation, "the client closed its connection");
                    return null;
                }
            }
        }
    }

    private String timeoutText() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /**
     * A full collection after a large analysis: G1 then shrinks the heap (MaxHeapFreeRatio) and unmaps the freed
     * regions, so the process's resident memory goes back near its baseline instead of staying at the peak.
     */
    private static void returnHeapToSystem() {
        long t0 = System.nanoTime();
        System.gc();
        LOG.debug("heap collected after a large analysis in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    /** The answer: the common result object (docs/json.md) plus images (data URLs) and evidence. */
    private String analyzeToJson(byte[] data, String name, AnalysisOptions options) throws Exception {
        LoadedImage image = loader.load(data, name);
        AnalysisResult result = analyzer.analyze(image, options);
        ObjectNode node = ResultJson.result(result, options);
        ObjectNode images = node.putObject("images");
        if (!BROWSER_FORMATS.contains(image.format())) {
            // Browsers do not show TIFF: the page gets the decoded image as PNG (as analysed: orientation applied).
            images.put("original", dataUrl(image.image()));
        }
        images.put("mask", dataUrl(OverlayOps.maskImage(result.mask())));
        images.put("heatmap", dataUrl(OverlayOps.translucentHeatmap(result.probability(), OverlayOps.Colormap.INFERNO)));
        images.put("overlay", dataUrl(OverlayOps.overlay(image.image(), result.probability(), result.boxes(), 0.6,
                OverlayOps.Colormap.INFERNO)));
        ArrayNode evidence = node.putArray("evidence");
        for (EvidenceMap map : result.evidence()) {
            ObjectNode e = evidence.addObject();
            e.put("id", map.id());
            e.put("title", map.title());
            e.put("summary", map.summary());
            e.put("image", dataUrl(map.visualization()));
        }
        return node.toString();
    }

    private static String dataUrl(java.awt.image.BufferedImage image) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(OverlayOps.png(image));
    }

    private AnalysisOptions options(Context ctx) {
        AnalysisOptions o = defaults;
        String t = ctx.formParam("threshold");
        if (t != null && !t.isBlank()) {
            try {
                o = o.withThreshold(Double.parseDouble(t.trim()));
            } catch (IllegalArgumentException e) {
                throw new HttpProblem(400, "threshold must be a number in [0, 1], got '" + abbreviate(t) + "'");
            }
        }
        o = o.withEvidence(flag(ctx, "evidence", o.evidence()));
        o = o.withFusion(flag(ctx, "fusion", o.fusion()));
        return o.withExplain(flag(ctx, "explain", o.explain()));
    }

    private static boolean flag(Context ctx, String field, boolean fallback) {
        String v = ctx.formParam(field);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new HttpProblem(400, field + " must be true or false, got '" + abbreviate(v) + "'");
        };
    }

    /** The upload's name for messages only: path parts and control characters removed, length capped. */
    static String displayName(String filename) {
        if (filename == null || filename.isBlank()) {
            return "upload";
        }
        String base = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        String clean = base.replaceAll("[\\p{Cntrl}]", "");
        return clean.isEmpty() ? "upload" : abbreviate(clean);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /**
     * A request the multipart parser refused (Jetty wraps the cause in a 400 BadMessageException), as a 400 with a
     * message in words; null when {@code e} is something else.
     */
    static HttpProblem malformedRequest(Throwable e) {
        boolean badMessage = false;
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            badMessage |= t instanceof BadMessageException;
            root = t;
        }
        if (!badMessage) {
            return null;
        }
        String m = String.valueOf(root.getMessage());
        String lower = m.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("boundary")) {
            return new HttpProblem(400, "multipart/form-data request without a boundary parameter in its Content-Type");
        }
        if (lower.contains("too many keys") || lower.contains("too many parts")) {
            java.util.regex.Matcher limit = java.util.regex.Pattern.compile("> *(\\d+)").matcher(m);
            return new HttpProblem(400, "too many form fields" + (limit.find() ? " (at most " + limit.group(1) + ")" : "")
                    + "; send the image in field 'image' and only the option fields (threshold, evidence, fusion, explain)");
        }
        if (lower.contains("header") && (lower.contains("length") || lower.contains("size") || lower.contains("large"))) {
            java.util.regex.Matcher limit = java.util.regex.Pattern.compile("(\\d+)").matcher(m);
            return new HttpProblem(400, "a form field's headers are too long (field name or file name over "
                    + (limit.find() ? limit.group(1) + " bytes" : "the limit") + ")");
        }
        if (lower.contains("exceed") || lower.contains("too large") || lower.contains("max") && lower.contains("size")) {
            return null; // an upload over the size limit: 413 below
        }
        if (lower.contains("eof") || lower.contains("preamble")) {
            return new HttpProblem(400, "malformed multipart/form-data body: it ends before a complete part with the "
                    + "boundary named in Content-Type");
        }
        return new HttpProblem(400, "malformed multipart/form-data request");
    }

    private static boolean isSizeLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (t instanceof IllegalStateException && (m.contains("max") && (m.contains("size") || m.contains("length")))
                    || m.contains("exceeds") || m.contains("too large")) {
                return true;
            }
        }
        return false;
    }

    private static void problem(Context ctx, int status, String message, boolean retryAfter) {
        if (retryAfter) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        ObjectNode node = ResultJson.MAPPER.createObjectNode();
        node.put("status", status);
        node.put("error", message);
        json(ctx, status, node.toString());
    }

    private static void json(Context ctx, int status, String body) {
        ctx.status(status).contentType("application/json").result(body);
    }

    /** An answer other than 200, with its status and message. */
    static final class HttpProblem extends RuntimeException {
        final int status;
        final boolean retryAfter;

        HttpProblem(int status, String message) {
            this(status, message, false);
        }

        HttpProblem(int status, String message, boolean retryAfter) {
            super(message);
            this.status = status;
            this.retryAfter = retryAfter;
        }
    }

    /** Configuration; defaults suit one machine with a few cores. */
    public static final class Builder {
        private ImageAnalyzer analyzer;
        private String host = "127.0.0.1";
        private int port = 8080;
        private long maxUploadBytes = 25L * 1024 * 1024;
        private long maxPixels = 50_000_000L;
        private long maxHeapBytes = Runtime.getRuntime().maxMemory();
        private int workers = 1;
        private int queue = 4;
        private Duration timeout = Duration.ofSeconds(60);
        private boolean fusion = true;

        /** Whether requests fuse the network with the evidence analysers unless their {@code fusion} field says (default true). */
        public Builder optFusion(boolean fusion) {
            this.fusion = fusion;
            return this;
        }

        public Builder setAnalyzer(ImageAnalyzer analyzer) {
            this.analyzer = analyzer;
            return this;
        }

        public Builder optHost(String host) {
            this.host = host;
            return this;
        }

        /** 0 picks a free port. */
        public Builder optPort(int port) {
            this.port = port;
            return this;
        }

        public Builder optMaxUploadBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max upload must be positive");
            }
            this.maxUploadBytes = bytes;
            return this;
        }

        /** The largest image accepted; lowered further when the heap cannot hold it ({@link ServiceLimits}). */
        public Builder optMaxPixels(long pixels) {
            this.maxPixels = pixels;
            return this;
        }

        /** The heap the limits are derived from (default: this JVM's max heap); for tests and planning. */
        public Builder optMaxHeapBytes(long bytes) {
            this.maxHeapBytes = bytes;
            return this;
        }

        /**
         * Analyses that run at once (the network already uses all cores for one image: 1 is usually best); lowered
         * when the heap cannot hold that many ({@link ServiceLimits}).
         */
        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Requests that may wait for a worker before new ones get 503. */
        public Builder optQueue(int queue) {
            this.queue = queue;
            return this;
        }

        public Builder optTimeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public AnalysisServer build() {
            return new AnalysisServer(this);
        }
    }

}
