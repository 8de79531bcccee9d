package io.omniiml.explain.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.omniiml.analysers.testing.TestImages;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.ProbabilityMapOps;
import io.omniiml.explain.Explainer;
import io.omniiml.explain.Explanation;
import io.omniiml.explain.text.TextReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a local server that checks the request the way an OpenAI-compatible endpoint would see it. */
class LlmExplainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private final List<String> problems = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile String mode = "ok";
    private LoadedImage image;
    private ProbabilityMap prediction;
    private Explanation local;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
        image = TestImages.loadPng(TestImages.texture(200, 120, 7), "wide.png");
        Mask m = TestImages.rectMask(200, 120, 20, 20, 40, 30);
        prediction = ProbabilityMapOps.of(m);
        local = Explainer.builder().optTextReader(TextReader.disabled("off")).build().explain(image, prediction, null, List.of());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        int n = calls.incrementAndGet();
        try {
            JsonNode req = JSON.readTree(ex.getRequestBody());
            if (!"Bearer sk-test".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                problems.add("auth header " + ex.getRequestHeaders().getFirst("Authorization"));
            }
            if (!"vision-7b".equals(req.path("model").asText())) {
                problems.add("model " + req.path("model"));
            }
            String url = req.path("messages").path(1).path("content").path(1).path("image_url").path("url").asText();
            if (!url.startsWith("data:image/png;base64,")) {
                problems.add("no PNG data URL");
            } else {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(22))));
                // 200x120 is landscape: original and blended copy stacked along the long side -> 200x240.
                if (img.getWidth() != 200 || img.getHeight() != 240) {
                    problems.add("image size " + img.getWidth() + "x" + img.getHeight());
                }
                int blended = img.getRGB(30, 120 + 30) & 0xFF;
                int original = img.getRGB(30, 30) & 0xFF;
                if (blended != (original + 255) / 2) {
                    problems.add("blend " + original + " -> " + blended);
                }
            }
            if (!req.path("messages").path(1).path("content").path(0).path("text").asText().contains("Region 1: box [20, 20, 40, 30]")) {
                problems.add("evidence text lacks the region");
            }
        } catch (RuntimeException e) {
            problems.add(e.toString());
        }
        String content;
        int status = 200;
        switch (mode) {
            case "malformed" -> content = "I think the image is fine.";
            case "slow" -> {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                content = "{}";
            }
            case "flaky" -> {
                status = n == 1 ? 503 : 200;
                content = "```json\n{\"regions\": [{\"id\": 1, \"content\": \"a pasted patch\", \"absolute_position\": \"upper left\", "
                        + "\"relative_position\": \"near the top edge\", \"artifacts\": \"noise differs\"}]}\n```";
            }
            default -> content = "{\"regions\": [{\"id\": 1, \"content\": \"a pasted patch\", \"absolute_position\": \"upper left\", "
                    + "\"relative_position\": \"near the top edge\", \"artifacts\": \"noise differs\"}]}";
        }
        String body = JSON.createObjectNode().set("choices", JSON.createArrayNode().add(JSON.createObjectNode()
                .set("message", JSON.createObjectNode().put("role", "assistant").put("content", content)))).toString();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private LlmExplainer client(Duration timeout, int retries) {
        return LlmExplainer.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions"), "vision-7b")
                .optApiKey("sk-test").optTimeout(timeout).optRetries(retries).optBackoff(Duration.ofMillis(10)).build();
    }

    @Test
    void sendsTheVisualPromptAndParsesTheFields() throws Exception {
        Explanation e = client(Duration.ofSeconds(10), 0).explain(image, prediction, local);
        assertEquals(List.of(), problems);
        Explanation.Fields f = e.regions().get(0).explanation();
        assertEquals("a pasted patch", f.content());
        assertEquals("upper left", f.absolutePosition());
        assertEquals("near the top edge", f.relativePosition());
        assertEquals("noise differs", f.artifacts());
        assertEquals("llm:vision-7b", e.interpreter());
        assertEquals(local.regions().get(0).measurements(), e.regions().get(0).measurements());
    }

    @Test
    void retriesAServerErrorAndReadsAFencedReply() throws Exception {
        mode = "flaky";
        Explanation e = client(Duration.ofSeconds(10), 2).explain(image, prediction, local);
        assertEquals(2, calls.get());
        assertEquals("a pasted patch", e.regions().get(0).explanation().content());
    }

    @Test
    void aMalformedReplyFallsBackToTheLocalExplanation() {
        mode = "malformed";
        LlmExplainer.Result r = client(Duration.ofSeconds(10), 2).explainOrFallback(image, prediction, local);
        assertTrue(r.error().startsWith("malformed reply"), r.error());
        assertEquals(local, r.explanation());
        assertEquals(1, calls.get(), "a malformed reply is not retried");
    }

    @Test
    void aSlowEndpointTimesOutAfterRetries() {
        mode = "slow";
        LlmException e = assertThrows(LlmException.class, () -> client(Duration.ofMillis(300), 1).explain(image, prediction, local));
        assertTrue(e.getMessage().startsWith("no reply from"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(after 2 attempts)"), e.getMessage());
    }

    @Test
    void visualPromptPlacesPortraitImagesSideBySide() {
        BufferedImage tall = TestImages.texture(60, 100, 3);
        BufferedImage p = LlmExplainer.visualPrompt(tall, new ProbabilityMap(60, 100, new float[6000]), 4096);
        assertEquals(120, p.getWidth());
        assertEquals(100, p.getHeight());
        assertEquals(tall.getRGB(10, 10) & 0xFF, 2 * (p.getRGB(70, 10) & 0xFF), 1);
        BufferedImage capped = LlmExplainer.visualPrompt(tall, new ProbabilityMap(60, 100, new float[6000]), 60);
        assertEquals(60, capped.getWidth());
        assertNull(LlmExplainer.builder(URI.create("http://x"), "m").build().explainOrFallback(image, prediction, local).explanation()
                .regions().isEmpty() ? "" : null);
    }
}
