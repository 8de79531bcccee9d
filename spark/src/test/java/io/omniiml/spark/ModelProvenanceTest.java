package io.omniiml.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.pipeline.ResultJson;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelProvenanceTest {
    @TempDir
    java.nio.file.Path tmp;

    private String idOf(java.nio.file.Path dir) throws Exception {
        return ModelProvenance.ofFolder(new Path(dir.toUri()), new Configuration());
    }

    private java.nio.file.Path model(String name, String weights) throws Exception {
        java.nio.file.Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("config.json"), "{\"width\":8}");
        Files.createDirectories(dir.resolve("w"));
        Files.writeString(dir.resolve("w/weights.bin"), weights);
        return dir;
    }

    @Test
    void folderIdIsTheDigestOfNamesAndContentsInNameOrder() throws Exception {
        java.nio.file.Path dir = model("a", "abc");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String[] f : new String[][]{{"config.json", "{\"width\":8}"}, {"w/weights.bin", "abc"}}) {
            sha.update(f[0].getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(f[1].getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        assertEquals("sha256:" + HexFormat.of().formatHex(sha.digest()), idOf(dir));
    }

    @Test
    void equalFilesGiveEqualIdsAndAnyChangeAnother() throws Exception {
        assertEquals(idOf(model("a", "abc")), idOf(model("b", "abc")));
        assertNotEquals(idOf(model("c", "abc")), idOf(model("d", "abd")));
    }

    @Test
    void descriptionIdPrefersStatedIds() {
        ObjectNode stated = ResultJson.MAPPER.createObjectNode().put("kind", "network");
        stated.putObject("provenance").put("id", "omni-small-2026");
        assertEquals("omni-small-2026", ModelProvenance.ofDescription(stated));
        ObjectNode plain = ResultJson.MAPPER.createObjectNode().put("kind", "evidence-detector").put("detector", "ela");
        String id = ModelProvenance.ofDescription(plain);
        assertTrue(id.startsWith("evidence-detector:sha256:"), id);
        assertEquals(id, ModelProvenance.ofDescription(plain.deepCopy()));
        assertNotEquals(id, ModelProvenance.ofDescription(plain.deepCopy().put("detector", "noise")));
    }
}
