package io.omniiml.explain.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.analysers.PixelOps;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.image.PixelPlaneOps;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.explain.Explainer;
import io.omniiml.explain.Explanation;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Optional adapter to a multimodal LLM behind an OpenAI-compatible chat completions endpoint. It sends the
 * paper's visual prompt — the image with the predicted mask blended in, I_ref = (I + M) / 2 with M white where
 * tampered, placed beside the original along the longer side (stacked for landscape images, side by side for
 * portrait ones), as a base64 PNG data URL — together with our measured evidence and regions as text, and
 * asks for the Omni-273k fields back as JSON. Timeouts and HTTP 429/5xx are retried with exponential
 * backoff; any other failure or a malformed reply raises {@link LlmException}, and
 * {@link #explainOrFallback} then keeps the local explanation.
 */
public final class LlmExplainer {
    static final String SYSTEM_PROMPT = "You are an image forensics analyst. The user shows an image twice: the original "
            + "and a copy where the suspected tampered regions are blended with white. For each numbered region, describe the "
            + "tampered content, its absolute position in the image, its position relative to nearby objects or text, and "
            + "the visual or forensic artifacts that reveal the tampering. Use the measured evidence given; do not invent "
            + "measurements. Reply with JSON only: {\"regions\": [{\"id\": 1, \"content\": \"...\", \"absolute_position\": "
            + "\"...\", \"relative_position\": \"...\", \"artifacts\": \"...\"}]}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private final int maxSide;
    private final HttpClient client;

    /** The outcome of {@link #explainOrFallback}: the explanation, and the error when the local one was kept. */
    public record Result(Explanation explanation, String error) {
    }

    private LlmExplainer(Builder b) {
        this.endpoint = b.endpoint;
        this.model = b.model;
        this.apiKey = b.apiKey;
        this.timeout = b.timeout;
        this.retries = b.retries;
        this.backoff = b.backoff;
        this.maxSide = b.maxSide;
        this.client = HttpClient.newBuilder().connectTimeout(b.timeout).build();
    }

    public static Builder builder(URI endpoint, String model) {
        return new Builder(endpoint, model);
    }

    /** The LLM's explanation, or the local one with the reason when the endpoint fails. */
    public Result explainOrFallback(LoadedImage image, ProbabilityMap prediction, Explanation local) {
        try {
            return new Result(explain(image, prediction, local), null);
        } catch (LlmException e) {
            return new Result(local, e.getMessage());
        }
    }

    /** Asks the endpoint; the regions, their boxes and measurements stay those of {@code local}. */
    public Explanation explain(LoadedImage image, ProbabilityMap prediction, Explanation local) throws LlmException {
        BufferedImage prompt = visualPrompt(image.image(), prediction, maxSide);
        String body = requestBody(prompt, local);
        String reply = send(body);
        List<Explanation.Region> regions = parseRegions(reply, local);
        Explanation partial = new Explanation(local.schema(), local.source(), local.width(), local.height(), local.task(),
                "llm:" + model, local.image(), regions, List.of());
        return new Explanation(partial.schema(), partial.source(), partial.width(), partial.height(), partial.task(),
                partial.interpreter(), partial.image(), regions, Explainer.sentences(partial));
    }

    /**
     * The visual prompt: the original and I_ref = (I + M) / 2 (M = 255 where the prediction is > 0.5, else 0),
     * joined along the longer side, scaled down so that the result's longer side is at most {@code maxSide}.
     */
    public static BufferedImage visualPrompt(BufferedImage image, ProbabilityMap prediction, int maxSide) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] p = prediction.width() == w && prediction.height() == h ? prediction.values()
                : PixelOps.resizeNearest(prediction.values(), prediction.width(), prediction.height(), w, h);
        int[] px = PixelPlaneOps.rgb(image);
        boolean stacked = w >= h;
        int cw = stacked ? w : 2 * w;
        int ch = stacked ? 2 * h : h;
        BufferedImage both = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        int ox = stacked ? 0 : w;
        int oy = stacked ? h : 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = px[y * w + x];
                int m = p[y * w + x] > 0.5f ? 255 : 0;
                int r = (((c >> 16) & 255) + m) / 2;
                int g = (((c >> 8) & 255) + m) / 2;
                int b = ((c & 255) + m) / 2;
                both.setRGB(x, y, c & 0xFFFFFF);
                both.setRGB(x + ox, y + oy, (r << 16) | (g << 8) | b);
            }
        }
        double scale = Math.min(1.0, (double) maxSide / Math.max(cw, ch));
        if (scale >= 1.0) {
            return both;
        }
        int sw = Math.max(1, (int) Math.round(cw * scale));
        int sh = Math.max(1, (int) Math.round(ch * scale));
        BufferedImage small = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = small.createGraphics();
        gr.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        gr.drawImage(both, 0, 0, sw, sh, null);
        gr.dispose();
        return small;
    }

    String requestBody(BufferedImage prompt, Explanation local) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("temperature", 0);
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", SYSTEM_PROMPT);
        ObjectNode user = messages.addObject();
        user.put("role", "user");
        ArrayNode content = user.putArray("content");
        content.addObject().put("type", "text").put("text", evidenceText(local));
        ObjectNode img = content.addObject();
        img.put("type", "image_url");
        img.putObject("image_url").put("url", "data:image/png;base64," + Base64.getEncoder().encodeToString(png(prompt)));
        return root.toString();
    }

    /** Our measurements in words: image findings, then per region its box and the local fields. */
    static String evidenceText(Explanation local) {
        StringBuilder sb = new StringBuilder();
        sb.append("Image ").append(local.width()).append('x').append(local.height());
        if (local.task() != null) {
            sb.append(", kind: ").append(local.task());
        }
        sb.append(".\nMeasured evidence for the whole image:\n");
        for (String f : local.image().findings()) {
            sb.append("- ").append(f).append('\n');
        }
        sb.append("Regions (box = x, y, width, height in pixels of the original):\n");
        for (Explanation.Region r : local.regions()) {
            sb.append("Region ").append(r.id()).append(": box ").append(r.box()).append('\n');
            sb.append("  measured content: ").append(r.explanation().content()).append('\n');
            sb.append("  measured position: ").append(r.explanation().absolutePosition()).append('\n');
            sb.append("  measured artifacts: ").append(r.explanation().artifacts()).append('\n');
        }
        if (local.regions().isEmpty()) {
            sb.append("(none: describe why the image looks authentic, as region-less JSON {\"regions\": []})\n");
        }
        return sb.toString();
    }

    private static byte[] png(BufferedImage img) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String send(String body) throws LlmException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (apiKey != null && !apiKey.isBlank()) {
            rb.header("Authorization", "Bearer " + apiKey);
        }
        HttpRequest request = rb.build();
        String last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(backoff.toMillis() << (attempt - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LlmException("interrupted while waiting to retry " + endpoint);
                }
            }
            try {
                HttpResponse<String> resp = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = resp.statusCode();
                if (status == 200) {
                    return resp.body();
                }
                last = "HTTP " + status + " from " + endpoint + ": " + abbreviate(resp.body());
                if (status != 429 && status < 500) {
                    throw new LlmException(last);
                }
            } catch (HttpTimeoutException e) {
                last = "no reply from " + endpoint + " within " + timeout.toSeconds() + " s";
            } catch (IOException e) {
                last = "cannot reach " + endpoint + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmException("interrupted while calling " + endpoint);
            }
        }
        throw new LlmException(last + " (after " + (retries + 1) + " attempts)");
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }

    /** The regions of {@code local} with the four fields from the reply; regions the reply skips keep theirs. */
    static List<Explanation.Region> parseRegions(String reply, Explanation local) throws LlmException {
        JsonNode content;
        try {
            JsonNode root = JSON.readTree(reply);
            JsonNode msg = root.path("choices").path(0).path("message").path("content");
            if (!msg.isTextual()) {
                throw new LlmException("malformed reply: no choices[0].message.content in " + abbreviate(reply));
            }
            content = JSON.readTree(extractJson(msg.asText()));
        } catch (IOException e) {
            throw new LlmException("malformed reply: " + abbreviate(e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        JsonNode regions = content.isArray() ? content : content.path("regions");
        if (!regions.isArray()) {
            if (content.has("content") && local.regions().size() == 1) {
                regions = JSON.createArrayNode().add(content);
            } else {
                throw new LlmException("malformed reply: no \"regions\" array in the model's JSON");
            }
        }
        List<Explanation.Region> out = new ArrayList<>();
        for (Explanation.Region r : local.regions()) {
            JsonNode match = null;
            for (int i = 0; i < regions.size(); i++) {
                JsonNode n = regions.get(i);
                if (n.path("id").asInt(-1) == r.id() || (!n.has("id") && i == r.id() - 1)) {
                    match = n;
                    break;
                }
            }
            if (match == null) {
                out.add(r);
                continue;
            }
            Explanation.Fields f = r.explanation();
            Explanation.Fields merged = new Explanation.Fields(text(match, "content", f.content()),
                    text(match, "absolute_position", f.absolutePosition()), text(match, "relative_position", f.relativePosition()),
                    text(match, "artifacts", f.artifacts()));
            out.add(new Explanation.Region(r.id(), r.box(), r.boxNormalized(), r.pixels(), r.areaFraction(), r.meanScore(),
                    merged, r.text(), r.measurements()));
        }
        return out;
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText().strip() : fallback;
    }

    /** The JSON object or array inside a reply that may wrap it in prose or ```json fences. */
    static String extractJson(String s) throws LlmException {
        int obj = s.indexOf('{');
        int arr = s.indexOf('[');
        int start = obj < 0 ? arr : arr < 0 ? obj : Math.min(obj, arr);
        int end = Math.max(s.lastIndexOf('}'), s.lastIndexOf(']'));
        if (start < 0 || end <= start) {
            throw new LlmException("malformed reply: the model's answer holds no JSON: " + abbreviate(s));
        }
        return s.substring(start, end + 1);
    }

    /** Endpoint settings. */
    public static final class Builder {
        private final URI endpoint;
        private final String model;
        private String apiKey;
        private Duration timeout = Duration.ofSeconds(60);
        private int retries = 2;
        private Duration backoff = Duration.ofMillis(500);
        private int maxSide = 1024;

        private Builder(URI endpoint, String model) {
            this.endpoint = java.util.Objects.requireNonNull(endpoint, "endpoint");
            this.model = java.util.Objects.requireNonNull(model, "model");
        }

        /** Sent as "Authorization: Bearer KEY"; null or blank sends no header. */
        public Builder optApiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder optTimeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Extra attempts after the first, for timeouts, connection errors, HTTP 429 and 5xx. Default 2. */
        public Builder optRetries(int retries) {
            this.retries = Math.max(0, retries);
            return this;
        }

        /** Wait before the first retry; doubles each time. Default 500 ms. */
        public Builder optBackoff(Duration backoff) {
            this.backoff = backoff;
            return this;
        }

        /** Longer side of the visual prompt sent, in pixels. Default 1024. */
        public Builder optMaxSide(int maxSide) {
            this.maxSide = Math.max(64, maxSide);
            return this;
        }

        public LlmExplainer build() {
            return new LlmExplainer(this);
        }
    }
}
