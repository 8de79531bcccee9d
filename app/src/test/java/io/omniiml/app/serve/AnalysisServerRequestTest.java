package io.omniiml.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.pipeline.Detectors;
import io.omniiml.pipeline.ResultJson;
import io.omniiml.pipeline.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static io.omniiml.app.serve.AnalysisServerTest.CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed requests over real HTTP answer 4xx with a plain message (never 500, never an exception class name),
 * a TIFF upload comes back with a PNG the page can show, and a non-finite result is an error, not a number.
 */
class AnalysisServerRequestTest {
    static ImageAnalyzer analyzer;
    static AnalysisServer server;

    @BeforeAll
    static void start() throws Exception {
        analyzer = Detectors.create("ela", null);
        server = AnalysisServer.builder().setAnalyzer(analyzer).optPort(0).optMaxUploadBytes(1_000_000)
                .optMaxPixels(20_000_000).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String analyzeUrl(AnalysisServer s) {
        return "http://127.0.0.1:" + s.port() + "/api/v1/analyze";
    }

    static HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(analyzeUrl(server))).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** 4xx, a JSON body with a message, and nothing that looks like a Java exception. */
    static String assertPlainClientError(HttpResponse<String> r, int... allowed) throws Exception {
        boolean ok = false;
        for (int a : allowed) {
            ok |= r.statusCode() == a;
        }
        assertTrue(ok, r.statusCode() + " " + r.body());
        String error = ResultJson.MAPPER.readTree(r.body()).path("error").asText();
        assertFalse(error.isBlank(), r.body());
        assertFalse(error.matches("(?s).*\\b(java|javax|jakarta|org\\.eclipse|io\\.javalin)\\.[a-z].*")
                || error.contains("Exception"), "no class names: " + error);
        return error;
    }

    static byte[] photo() throws Exception {
        return Files.readAllBytes(TestImages.photo());
    }

    @Test
    void tenThousandFieldsAre400() throws Exception {
        String boundary = "b0undary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 10_000; i++) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"f" + i + "\"\r\n\r\nx\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String error = assertPlainClientError(post("multipart/form-data; boundary=" + boundary, body.toByteArray()), 400, 413);
        assertTrue(error.contains("field"), error);
    }

    @Test
    void wrongBoundaryIs400() throws Exception {
        byte[] bytes = AnalysisServerTestBodies.multipart("real-boundary", "a.jpg", photo());
        String error = assertPlainClientError(post("multipart/form-data; boundary=other-boundary", bytes), 400);
        assertTrue(error.toLowerCase().contains("multipart"), error);
    }

    @Test
    void missingBoundaryIs400() throws Exception {
        byte[] bytes = AnalysisServerTestBodies.multipart("real-boundary", "a.jpg", photo());
        String error = assertPlainClientError(post("multipart/form-data", bytes), 400);
        assertTrue(error.toLowerCase().contains("boundary"), error);
    }

    @Test
    void garbageBodyIs400() throws Exception {
        assertPlainClientError(post("multipart/form-data; boundary=xyz", "this is not multipart at all".getBytes(StandardCharsets.UTF_8)), 400);
    }

    @Test
    void megabyteFieldNameIsAboutTheField() throws Exception {
        String name = "n".repeat(1_000_000);
        String boundary = "b0undary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\nx\r\n--" + boundary
                + "--\r\n").getBytes(StandardCharsets.UTF_8);
        String error = assertPlainClientError(post("multipart/form-data; boundary=" + boundary, body), 400, 413);
        assertTrue(error.contains("field") || error.contains("header"), error);
        assertFalse(error.contains("upload larger than"), error);
    }

    @Test
    void chunkedUploadOverTheLimitIsStill413() throws Exception {
        byte[] bytes = AnalysisServerTestBodies.multipart("real-boundary", "big.jpg", new byte[1_300_000]);
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(analyzeUrl(server)))
                .header("Content-Type", "multipart/form-data; boundary=real-boundary")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertPlainClientError(r, 413);
    }

    @Test
    void tiffUploadComesBackWithADisplayPng() throws Exception {
        var img = ImageIO.read(TestImages.photo().toFile());
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, "tiff", tiff), "a TIFF writer is on the class path");
        HttpResponse<String> r = CLIENT.send(AnalysisServerTest.upload(analyzeUrl(server), "photo.tif", tiff.toByteArray(),
                Map.of("explain", "false")), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode json = ResultJson.MAPPER.readTree(r.body());
        assertEquals("tiff", json.path("format").asText());
        var shown = ImageIO.read(new ByteArrayInputStream(AnalysisServerTest.decodeDataUrl(json.path("images").path("original").asText())));
        assertNotNull(shown);
        assertEquals(640, shown.getWidth());
        assertEquals(480, shown.getHeight());
        assertEquals(img.getRGB(100, 100) & 0xFFFFFF, shown.getRGB(100, 100) & 0xFFFFFF);
        // A JPEG is shown as uploaded (browsers read it): no second copy in the answer.
        JsonNode jpeg = ResultJson.MAPPER.readTree(CLIENT.send(AnalysisServerTest.upload(analyzeUrl(server), "a.jpg", photo(),
                Map.of("explain", "false")), HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(jpeg.path("images").path("original").isMissingNode(), "jpeg needs no display copy");
        // The page uses the display copy when there is one.
        String js = new String(AnalysisServer.class.getResourceAsStream("/web/app.js").readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(js.contains("images.original"), "app.js shows images.original");
    }

    @Test
    void nonFiniteResultIsAnErrorNotANumber() throws Exception {
        ImageAnalyzer nan = new ImageAnalyzer() {
            @Override
            public AnalysisResult analyze(LoadedImage image, AnalysisOptions options) throws Exception {
                AnalysisResult r = analyzer.analyze(image, options);
                return new AnalysisResult(r.source(), r.format(), r.width(), r.height(), r.score(), r.boxes(), "vision",
                        Double.NaN, r.probability(), r.mask(), r.explanation(), r.evidence(), r.timingsMs());
            }

            @Override
            public JsonNode describe() {
                return analyzer.describe();
            }
        };
        try (AnalysisServer s = AnalysisServer.builder().setAnalyzer(nan).optPort(0).build().start()) {
            HttpResponse<String> r = CLIENT.send(AnalysisServerTest.upload(analyzeUrl(s), "a.jpg", photo(), Map.of()),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(500, r.statusCode(), r.body());
            String error = ResultJson.MAPPER.readTree(r.body()).path("error").asText();
            assertTrue(error.contains("a.jpg") && error.contains("non-finite gate confidence"), error);
            assertFalse(error.contains("Exception"), error);
            assertFalse(r.body().contains("gate_confidence"), r.body());
        }
    }

    @Test
    void answerCarriesTheVerdictAndWeakCandidates() throws Exception {
        try (AnalysisServer s = AnalysisServer.builder().setAnalyzer(VerdictAnalyzer.of(analyzer, 0.2)).optPort(0).build().start()) {
            HttpResponse<String> r = CLIENT.send(AnalysisServerTest.upload(analyzeUrl(s), "a.jpg", photo(), Map.of()),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode json = ResultJson.MAPPER.readTree(r.body());
            assertEquals("no evidence of editing", json.path("verdict").asText());
            assertEquals(0.2, json.path("edited_probability").asDouble(), 1e-9);
            assertEquals(0.2, json.path("score").asDouble(), 1e-9);
            assertEquals(0.6, json.path("verdict_threshold").asDouble(), 1e-9);
            assertEquals(2, json.path("uncertain_band").size());
            assertTrue(json.path("uncertain_band").get(0).asDouble() < 0.6 && json.path("uncertain_band").get(1).asDouble() > 0.6);
            assertEquals(1, json.path("boxes").size(), "every region stays in boxes");
            assertEquals(1, json.path("weak_candidates").size());
            assertEquals(30, json.path("weak_candidates").get(0).path("width").asInt());
            assertEquals(0, json.path("findings").size());
        }
        try (AnalysisServer s = AnalysisServer.builder().setAnalyzer(VerdictAnalyzer.of(analyzer, 0.9)).optPort(0).build().start()) {
            JsonNode json = ResultJson.MAPPER.readTree(CLIENT.send(AnalysisServerTest.upload(analyzeUrl(s), "a.jpg", photo(),
                    Map.of()), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals("edited", json.path("verdict").asText());
            assertEquals(1, json.path("findings").size());
            assertEquals(0, json.path("weak_candidates").size());
        }
        // without a verdict (a classical detector) none of the verdict keys appear
        JsonNode plain = ResultJson.MAPPER.readTree(CLIENT.send(AnalysisServerTest.upload(analyzeUrl(server), "a.jpg", photo(),
                Map.of()), HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(plain.path("verdict").isMissingNode() && plain.path("weak_candidates").isMissingNode(), plain.toString());
        // the page and the API description know the fields
        String js = new String(AnalysisServer.class.getResourceAsStream("/web/app.js").readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(js.contains("r.verdict") && js.contains("weak candidates"), "app.js shows the verdict and weak candidates");
        JsonNode api = ResultJson.MAPPER.readTree(AnalysisServer.class.getResourceAsStream("/web/openapi.json"));
        JsonNode props = api.path("components").path("schemas").path("Analysis").path("properties");
        for (String key : List.of("verdict", "edited_probability", "verdict_threshold", "uncertain_band", "findings",
                "weak_candidates", "fusion", "explanation")) {
            assertFalse(props.path(key).isMissingNode(), key + " in openapi.json");
        }
        plain.fieldNames().forEachRemaining(key -> assertFalse(props.path(key).isMissingNode(), key + " in openapi.json"));
        assertEquals(ResultJson.SCHEMA, props.path("schema").path("enum").path(0).asText(), "openapi.json names the schema");
    }
}
