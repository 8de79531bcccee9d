package io.omniiml.model.pretrained;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.core.io.Npy;
import io.omniiml.core.io.NpyArray;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed converted weights ({@code models/pretrained/mobilenetv2-nsfwjs-4.4.0/weights.npz}) and the trunk
 * against the independent float64 numpy/TFJS reference in {@code ../shared/tools/mnv2-reference/reference.npz}
 * (README.txt there: format, tolerances). The conversion itself is re-run only when the npm tarball is at hand:
 * {@code OMNIIML_NSFWJS_TGZ} or {@code -Domniiml.nsfwjs.tgz} naming {@code nsfwjs-4.4.0.tgz} from
 * {@code npm pack nsfwjs@4.4.0}; the comparison with the reference needs no npm.
 */
class MobileNetV2TrunkTest {
    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path DIR = REPO.resolve("models/pretrained/mobilenetv2-nsfwjs-4.4.0");
    private static final Path WEIGHTS = DIR.resolve("weights.npz");
    /** README.txt, "How to compare": max|java - ref| <= 1e-3 * max|ref| per tap. */
    private static final double TAP_TOLERANCE = 1e-3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path shared() {
        String env = System.getenv("OMNIIML_SHARED");
        Path p = env != null ? Path.of(env) : Path.of("/work/shared");
        return Files.isDirectory(p.resolve("tools")) ? p : Path.of("/work/shared");
    }

    private static Path reference() {
        Path ref = shared().resolve("tools/mnv2-reference/reference.npz");
        Assumptions.assumeTrue(Files.isRegularFile(ref), "reference activations missing: " + ref);
        return ref;
    }

    private static Path tarball() {
        String p = System.getProperty("omniiml.nsfwjs.tgz", System.getenv("OMNIIML_NSFWJS_TGZ"));
        Assumptions.assumeTrue(p != null && Files.isRegularFile(Path.of(p)),
                "npm tarball not given (OMNIIML_NSFWJS_TGZ or -Domniiml.nsfwjs.tgz = nsfwjs-4.4.0.tgz)");
        return Path.of(p);
    }

    /** The reference's arrays (numeric ones through Npy, the JSON strings as text). */
    private static final class Reference {
        final Map<String, NpyArray> arrays = new HashMap<>();
        final Map<String, String> strings = new HashMap<>();

        Reference(Path npz) throws IOException {
            try (ZipFile zip = new ZipFile(npz.toFile())) {
                for (Iterator<? extends ZipEntry> it = zip.entries().asIterator(); it.hasNext(); ) {
                    ZipEntry e = it.next();
                    byte[] data;
                    try (InputStream in = zip.getInputStream(e)) {
                        data = in.readAllBytes();
                    }
                    String name = e.getName().replaceAll("\\.npy$", "");
                    if (name.endsWith("_json")) {
                        strings.put(name, unicodeScalar(data));
                    } else {
                        arrays.put(name, Npy.read(data, e.getName()));
                    }
                }
            }
        }

        /** A 0-d '&lt;U' array: UTF-32LE code points after the header. */
        private static String unicodeScalar(byte[] npy) {
            int headerLength = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
            int major = npy[6];
            int start = major == 1 ? 10 + headerLength
                    : 12 + ByteBuffer.wrap(npy, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            String header = new String(npy, 0, start, StandardCharsets.ISO_8859_1);
            Matcher m = Pattern.compile("'descr'\\s*:\\s*'<U(\\d+)'").matcher(header);
            assertTrue(m.find(), "not a unicode scalar: " + header);
            int chars = Integer.parseInt(m.group(1));
            ByteBuffer b = ByteBuffer.wrap(npy, start, chars * 4).order(ByteOrder.LITTLE_ENDIAN);
            StringBuilder sb = new StringBuilder(chars);
            for (int i = 0; i < chars; i++) {
                int cp = b.getInt();
                if (cp == 0) {
                    break;
                }
                sb.appendCodePoint(cp);
            }
            return sb.toString();
        }
    }

    private static Reference ref;

    private static synchronized Reference ref() throws IOException {
        if (ref == null) {
            ref = new Reference(reference());
        }
        return ref;
    }

    /** NHWC batch 1 -> NCHW float. */
    private static float[] nhwcToNchw(NpyArray a) {
        int h = a.shape()[1], w = a.shape()[2], c = a.shape()[3];
        float[] in = a.toFloats();
        float[] out = new float[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    out[(k * h + y) * w + x] = in[(y * w + x) * c + k];
                }
            }
        }
        return out;
    }

    /** Relative max error max|a - ref| / max|ref| and relative L2. */
    private static double[] errors(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        double maxRef = 0, maxDiff = 0, l2d = 0, l2r = 0;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Float.isFinite(actual[i]), "non-finite output at " + i);
            double d = Math.abs((double) actual[i] - expected[i]);
            maxDiff = Math.max(maxDiff, d);
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
            l2d += d * d;
            l2r += (double) expected[i] * expected[i];
        }
        return new double[] {maxDiff / maxRef, Math.sqrt(l2d / l2r)};
    }

    @Test
    void committedWeightsMatchTheirProvenanceAndTheReferenceChecksums() throws IOException {
        assertTrue(Files.isRegularFile(WEIGHTS), "committed weights missing: " + WEIGHTS);
        JsonNode prov = JSON.readTree(DIR.resolve(MobileNetV2Import.PROVENANCE_FILE).toFile());
        assertEquals(NpmPackage.sha256(Files.readAllBytes(WEIGHTS)), prov.path("weights").path("sha256").asText());
        assertEquals(MobileNetV2Import.KNOWN_INTEGRITY, prov.path("source").path("tarball").path("integrity").asText());
        assertEquals(MobileNetV2Trunk.parameterCount(), prov.path("parameters").asLong());
        assertTrue(Files.readString(DIR.resolve(MobileNetV2Import.LICENSE_FILE)).contains("MIT License"));

        // README step 1: sums and sums of squares per tensor (layout-free), in the reference's topology order
        JsonNode sums = JSON.readTree(ref().strings.get("weight_checksums_json"));
        List<MobileNetV2Import.Tensor> tensors = MobileNetV2Import.readWeights(WEIGHTS);
        assertEquals(MobileNetV2Layout.TENSORS.size(), tensors.size());
        assertEquals(165, sums.size());
        Iterator<String> keys = sums.fieldNames();
        for (int i = 0; i < tensors.size(); i++) {
            MobileNetV2Layout.TensorSpec spec = MobileNetV2Layout.TENSORS.get(i);
            MobileNetV2Import.Tensor t = tensors.get(i);
            assertEquals(spec.name(), t.name());
            assertEquals(keys.next(), spec.source(), "topology order");
            JsonNode s = sums.get(spec.source());
            double sum = 0, sumsq = 0;
            for (float v : t.data()) {
                sum += v;
                sumsq += (double) v * v;
            }
            double refSum = s.get(1).asDouble(), refSq = s.get(2).asDouble();
            assertTrue(Math.abs(sumsq - refSq) <= 1e-9 * refSq, spec.name() + " sumsq " + sumsq + " vs " + refSq);
            assertTrue(Math.abs(sum - refSum) <= 1e-9 * Math.sqrt(t.data().length * refSq),
                    spec.name() + " sum " + sum + " vs " + refSum);
        }
        assertEquals(317_120L, MobileNetV2Trunk.parameterCount());
    }

    @Test
    void tapsMatchTheReferenceOnItsInput() throws IOException {
        Reference r = ref();
        try (NDManager m = NDManager.newBaseManager()) {
            MobileNetV2Trunk trunk = MobileNetV2Trunk.load(m, WEIGHTS);
            NDArray keras = m.create(nhwcToNchw(r.arrays.get("input")), new Shape(1, 3, 224, 224));
            NpyArray u8 = r.arrays.get("input_u8");
            float[] x255 = nhwcToNchw(u8);
            for (int i = 0; i < x255.length; i++) {
                x255[i] = x255[i] / 255f;
            }
            NDArray scaled = m.create(x255, new Shape(1, 3, 224, 224));
            ParameterStore ps = new ParameterStore(m, false);

            // batch 1: Keras preprocessing (the reference's `input`), every tap
            NDList out = trunk.forward(ps, new NDList(keras), false);
            StringBuilder report = new StringBuilder();
            float[][] single = new float[4][];
            for (int t = 0; t < MobileNetV2Trunk.TAPS.size(); t++) {
                String name = MobileNetV2Trunk.TAPS.get(t);
                NpyArray expected = r.arrays.get(name);
                assertArrayEquals(new long[] {1, expected.shape()[3], expected.shape()[1], expected.shape()[2]},
                        out.get(t).getShape().getShape(), name);
                single[t] = out.get(t).toFloatArray();
                double[] e = errors(nhwcToNchw(expected), single[t]);
                report.append(String.format("%s max %.2e L2 %.2e; ", name, e[0], e[1]));
                assertTrue(e[0] <= TAP_TOLERANCE, name + ": relative max error " + e[0]);
            }
            // x/255 (nsfwjs' scaling, the trunk's intended input) on the same pixels
            float[] last255 = trunk.forward(ps, new NDList(scaled), false).get(3).toFloatArray();
            double[] e = errors(nhwcToNchw(r.arrays.get("x255_block_10_project_BN")), last255);
            report.append(String.format("x255_block_10_project_BN max %.2e L2 %.2e", e[0], e[1]));
            assertTrue(e[0] <= TAP_TOLERANCE, "x/255 block_10_project_BN: relative max error " + e[0]);
            System.out.println("MobileNetV2Trunk vs reference: " + report);

            // batch 2 (oneDNN's batched 1x1 path): each sample as alone
            NDList both = trunk.forward(ps, new NDList(keras.concat(scaled, 0)), false);
            for (int t = 0; t < MobileNetV2Trunk.TAPS.size(); t++) {
                double[] b0 = errors(single[t], both.get(t).get(0).toFloatArray());
                assertTrue(b0[0] <= 1e-5, "batch of 2, sample 0, " + MobileNetV2Trunk.TAPS.get(t) + ": " + b0[0]);
            }
            double[] b1 = errors(last255, both.get(3).get(1).toFloatArray());
            assertTrue(b1[0] <= 1e-5, "batch of 2, sample 1: " + b1[0]);
        }
    }

    @Test
    void trainableParametersGetGradientsAndStatisticsStayFrozen() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            MobileNetV2Trunk trunk = MobileNetV2Trunk.load(m, WEIGHTS);
            Shape in = new Shape(2, 3, 64, 96);
            Shape[] expected = trunk.getOutputShapes(new Shape[] {in});
            NDArray x = m.randomUniform(0, 1, in);
            ParameterStore ps = new ParameterStore(m, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = trunk.forward(ps, new NDList(x), true);
                NDArray loss = null;
                for (int t = 0; t < out.size(); t++) {
                    assertEquals(expected[t], out.get(t).getShape());
                    NDArray l = out.get(t).square().mean();
                    loss = loss == null ? l : loss.add(l);
                }
                gc.backward(loss);
            }
            long trainable = 0;
            for (var pair : trunk.getParameters()) {
                Parameter p = pair.getValue();
                NDArray a = p.getArray();
                if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
                    assertFalse(p.requiresGradient(), p.getName());
                    assertFalse(a.hasGradient(), p.getName());
                } else {
                    assertTrue(p.requiresGradient(), p.getName());
                    float[] g = a.getGradient().toFloatArray();
                    double norm = 0;
                    for (float v : g) {
                        assertTrue(Float.isFinite(v), p.getName());
                        norm += v * v;
                    }
                    assertTrue(norm > 0, "no gradient reaches " + p.getName());
                    trainable += a.size();
                }
            }
            assertEquals(MobileNetV2Trunk.trainableParameterCount(), trainable);
        }
    }

    /** A trunk built as a child block (random init by DJL first) gets the same weights from loadWeights. */
    @Test
    void loadingIntoAnInitialisedTrunkOverwritesItsParameters() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(1, 3, 64, 64));
            ParameterStore ps = new ParameterStore(m, false);
            MobileNetV2Trunk loaded = MobileNetV2Trunk.load(m, WEIGHTS);
            MobileNetV2Trunk fresh = new MobileNetV2Trunk();
            fresh.initialize(m, DataType.FLOAT32, x.getShape());
            float[] random = fresh.forward(ps, new NDList(x), false).get(3).toFloatArray();
            fresh.loadWeights(m, WEIGHTS);
            float[] expected = loaded.forward(ps, new NDList(x), false).get(3).toFloatArray();
            float[] actual = fresh.forward(ps, new NDList(x), false).get(3).toFloatArray();
            assertArrayEquals(expected, actual);
            assertFalse(java.util.Arrays.equals(random, actual));
            assertTrue(fresh.getParameters().get("Conv1/weight").requiresGradient());
        }
    }

    @Test
    void convertingTheTarballTwiceGivesTheCommittedBytes(@TempDir Path tmp) throws IOException {
        Path tgz = tarball();
        Path a = tmp.resolve("a/weights.npz");
        Path b = tmp.resolve("b/weights.npz");
        MobileNetV2Import.write(tgz, a);
        MobileNetV2Import.write(tgz, b);
        for (String f : List.of("weights.npz", MobileNetV2Import.PROVENANCE_FILE, MobileNetV2Import.LICENSE_FILE)) {
            byte[] first = Files.readAllBytes(a.resolveSibling(f));
            assertArrayEquals(first, Files.readAllBytes(b.resolveSibling(f)), f + " differs between two runs");
            assertArrayEquals(first, Files.readAllBytes(DIR.resolve(f)), f + " differs from the committed one");
        }
        // the unpacked package directory gives the same weights
        NpmPackage p = NpmPackage.open(tgz, Set.of("package.json", "LICENSE", MobileNetV2Import.MODEL_FILE,
                MobileNetV2Import.SHARD_FILE));
        Path dir = tmp.resolve("unpacked/package");
        for (var e : p.files.entrySet()) {
            Files.createDirectories(dir.resolve(e.getKey()).getParent());
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        Path c = tmp.resolve("c/weights.npz");
        MobileNetV2Import.Result r = MobileNetV2Import.write(dir.getParent(), c);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(c));
        JsonNode prov = JSON.readTree(r.provenance().toFile());
        assertEquals("package directory", prov.path("source").path("input").asText());
        assertNull(prov.path("source").get("tarball"));
        assertNotNull(prov.path("source").get("files"));
    }
}
