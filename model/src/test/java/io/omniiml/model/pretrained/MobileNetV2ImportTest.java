package io.omniiml.model.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.core.io.Npy;
import io.omniiml.core.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The importer's parts on small inputs made here: JS literal, tar reader, weights file, errors naming the file. */
class MobileNetV2ImportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void minifiedLiteralBecomesStrictJson() throws IOException {
        String js = "x=1;a.exports={modelTopology:{keras_version:\"2.2.4\",trainable:!1,center:!0,m:.999,n:-.5,"
                + "e:1963169733975448e-20,f:3.,s:\"a:!0 {b:.5}\",z:null,l:[[0,1],[0,1]]},w:[{name:\"c/k\"}]};y=2";
        String literal = JsLiteral.objectAfter(js, ".exports=");
        JsonNode n = JSON.readTree(JsLiteral.toJson(literal));
        JsonNode t = n.get("modelTopology");
        assertEquals("2.2.4", t.get("keras_version").asText());
        assertEquals(false, t.get("trainable").asBoolean(true));
        assertEquals(true, t.get("center").asBoolean(false));
        assertEquals(0.999, t.get("m").asDouble());
        assertEquals(-0.5, t.get("n").asDouble());
        assertEquals(1963169733975448e-20, t.get("e").asDouble());
        assertEquals(3.0, t.get("f").asDouble());
        assertEquals("a:!0 {b:.5}", t.get("s").asText());
        assertTrue(t.get("z").isNull());
        assertEquals("c/k", n.get("w").get(0).get("name").asText());
        assertEquals("QUJD", JsLiteral.stringAfter("module.exports=e();a.exports=\"QUJD\"}", ".exports="));
        assertNull(JsLiteral.objectAfter("a.exports={unbalanced:[1}", ".exports="));
    }

    /** One ustar entry (header + data + padding); long names go into a pax header first. */
    private static void tarEntry(ByteArrayOutputStream out, String name, byte[] data, char type) {
        if (name.length() > 99) {
            String rec = " path=" + name + "\n"; // "LEN path=VALUE\n", LEN counting its own digits
            int len = rec.length() + 1;
            while (String.valueOf(len).length() + rec.length() != len) {
                len++;
            }
            byte[] pax = (len + rec).getBytes(StandardCharsets.UTF_8);
            tarEntry(out, "PaxHeader/x", pax, 'x');
            name = "truncated-name-the-pax-record-replaces";
        }
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", data.length));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        out.writeBytes(h);
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    @Test
    void readsWantedFilesFromATarballWithPaxNames(@TempDir Path tmp) throws IOException {
        String longPath = "dist/" + "d".repeat(120) + "/model.js";
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tarEntry(tar, "package/package.json", "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8), '0');
        tarEntry(tar, "package/other.bin", new byte[1000], '0');
        tarEntry(tar, "package/" + longPath, "hello".getBytes(StandardCharsets.UTF_8), '0');
        tar.writeBytes(new byte[1024]);
        Path tgz = tmp.resolve("x.tgz");
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            gz.write(tar.toByteArray());
        }
        NpmPackage p = NpmPackage.open(tgz, Set.of("package.json", longPath, "missing.txt"));
        assertEquals(Set.of("package.json", longPath), p.files.keySet());
        assertEquals("hello", new String(p.files.get(longPath), StandardCharsets.UTF_8));
        assertTrue(p.integrity.startsWith("sha512-"));
    }

    @Test
    void badInputsAreNamedInOneLine(@TempDir Path tmp) throws IOException {
        Path none = tmp.resolve("nothing-here.tgz");
        assertTrue(assertThrows(MobileNetV2Import.ImportException.class, () -> MobileNetV2Import.convert(none))
                .getMessage().startsWith(none + ": "));
        Path notGzip = Files.writeString(tmp.resolve("plain.tgz"), "not gzip");
        assertTrue(assertThrows(MobileNetV2Import.ImportException.class, () -> MobileNetV2Import.convert(notGzip))
                .getMessage().startsWith(notGzip + ": not a gzip"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(assertThrows(MobileNetV2Import.ImportException.class, () -> MobileNetV2Import.convert(empty))
                .getMessage().contains("no package.json"));
        Path other = Files.createDirectories(tmp.resolve("other/package"));
        Files.writeString(other.resolve("package.json"), "{\"name\":\"left-pad\",\"version\":\"1.0.0\"}");
        for (String f : List.of("LICENSE", MobileNetV2Import.MODEL_FILE, MobileNetV2Import.SHARD_FILE)) {
            Files.createDirectories(other.resolve(f).getParent());
            Files.writeString(other.resolve(f), "x");
        }
        String msg = assertThrows(MobileNetV2Import.ImportException.class,
                () -> MobileNetV2Import.convert(other.getParent())).getMessage();
        assertTrue(msg.contains("\"left-pad\", not nsfwjs"), msg);
        Files.writeString(other.resolve("package.json"), "{\"name\":\"nsfwjs\",\"version\":\"4.4.0\"}");
        msg = assertThrows(MobileNetV2Import.ImportException.class, () -> MobileNetV2Import.convert(other)).getMessage();
        assertTrue(msg.contains("differs from the one published"), msg);
        Files.writeString(other.resolve("package.json"), "{\"name\":\"nsfwjs\",\"version\":\"9.9.9\"}");
        msg = assertThrows(MobileNetV2Import.ImportException.class, () -> MobileNetV2Import.convert(other)).getMessage();
        assertTrue(msg.startsWith(other + ": " + MobileNetV2Import.MODEL_FILE + ": no"), msg);
        Path junk = Files.writeString(tmp.resolve("junk.npz"), "junk");
        assertTrue(assertThrows(MobileNetV2Import.ImportException.class, () -> MobileNetV2Import.readWeights(junk))
                .getMessage().startsWith(junk + ": "));
    }

    @Test
    void weightsFileIsDeterministicNumpyReadable(@TempDir Path tmp) throws IOException {
        List<MobileNetV2Import.Tensor> tensors = List.of(
                new MobileNetV2Import.Tensor("a/weight", new int[] {2, 1, 3, 3}, new float[18]),
                new MobileNetV2Import.Tensor("a_BN/gamma", new int[] {2}, new float[] {1.5f, -0f}));
        tensors.get(0).data()[17] = 7.25f;
        byte[] first = MobileNetV2Import.encode(tensors);
        assertArrayEquals(first, MobileNetV2Import.encode(tensors));
        Path f = Files.write(tmp.resolve("w.npz"), first);
        List<MobileNetV2Import.Tensor> back = MobileNetV2Import.readWeights(f);
        assertEquals(2, back.size());
        assertEquals("a/weight", back.get(0).name());
        assertArrayEquals(new int[] {2, 1, 3, 3}, back.get(0).shape());
        assertArrayEquals(tensors.get(0).data(), back.get(0).data());
        assertArrayEquals(new int[] {2}, back.get(1).shape());
        try (ZipFile zip = new ZipFile(f.toFile()); InputStream in = zip.getInputStream(zip.getEntry("a_BN/gamma.npy"))) {
            byte[] npy = in.readAllBytes();
            int header = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
            assertEquals(0, (10 + header) % 64, "numpy aligns the data to 64 bytes");
            NpyArray a = Npy.read(npy, "gamma");
            assertEquals("<f4", a.dtype());
            assertEquals(1.5, a.floats()[0]);
        }
        // first local file header: MS-DOS time 00:00:00 and date 2000-01-01 (0x2821), no extra field (a UTC
        // extended timestamp would make the bytes depend on the time zone)
        assertArrayEquals(new byte[] {0, 0, 0x21, 0x28}, java.util.Arrays.copyOfRange(first, 10, 14));
        assertArrayEquals(new byte[] {0, 0}, java.util.Arrays.copyOfRange(first, 28, 30));
        try (ZipFile zip = new ZipFile(f.toFile())) {
            assertEquals(2, zip.size());
        }
    }
}
