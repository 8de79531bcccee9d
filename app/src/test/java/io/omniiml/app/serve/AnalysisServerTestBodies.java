package io.omniiml.app.serve;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Raw multipart bodies, for requests whose Content-Type header does not match their body. */
final class AnalysisServerTestBodies {
    private AnalysisServerTestBodies() {
    }

    static byte[] multipart(String boundary, String filename, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(data);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }
}
