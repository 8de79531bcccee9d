package io.omniiml.app.cli;

import io.omniiml.api.ExitCodes;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.app.serve.AnalysisServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the HTTP service and its web page (http://HOST:PORT/).",
                "API: POST /api/v1/analyze (multipart, field 'image'), GET /api/v1/health, /api/v1/model, /api/v1/openapi.json."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default 8080; 0 picks a free one)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default 127.0.0.1; 0.0.0.0 for all)")
    String host;

    @Mixin
    AnalyzerOptions analyzerOptions;

    @Option(names = "--no-fusion", description = "by default answer with the network alone (a request's fusion field still decides)")
    boolean noFusion;

    @Option(names = "--max-upload-mb", defaultValue = "25", description = "larger uploads get 413 (default 25)")
    long maxUploadMb;

    @Option(names = "--max-pixels", defaultValue = "50000000", description = "larger images get 413, read from the header before decoding; lowered to what the heap holds (default 50000000)")
    long maxPixels;

    @Option(names = "--workers", defaultValue = "1", description = "analyses run at once, lowered to what the heap holds (default 1: one analysis already uses all cores)")
    int workers;

    @Option(names = "--queue", defaultValue = "4", description = "requests that may wait for a worker; beyond, 503 + Retry-After (default 4)")
    int queue;

    @Option(names = "--timeout-s", defaultValue = "60", description = "a request waiting longer for its analysis gets 503 and its analysis is cancelled (default 60)")
    long timeoutS;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ImageAnalyzer created;
        try {
            created = analyzerOptions.create();
        } catch (AnalyzerOptions.UsageException | java.io.IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try (ImageAnalyzer analyzer = created;
             AnalysisServer server = AnalysisServer.builder().setAnalyzer(analyzer).optHost(host).optPort(port)
                     .optMaxUploadBytes(maxUploadMb * 1024 * 1024).optMaxPixels(maxPixels).optWorkers(workers)
                     .optQueue(queue).optTimeout(Duration.ofSeconds(timeoutS)).optFusion(!noFusion).build().start()) {
            System.out.println("omniiml serve: listening on http://" + host + ":" + server.port() + "/ ("
                    + server.limits().describe() + ")");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return ExitCodes.OK;
    }
}
