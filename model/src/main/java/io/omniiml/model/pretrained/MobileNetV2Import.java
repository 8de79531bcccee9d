package io.omniiml.model.pretrained;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.io.Npy;
import io.omniiml.core.io.NpyArray;
import io.omniiml.core.io.NpyFormatException;
import io.omniiml.model.pretrained.MobileNetV2Layout.Kind;
import io.omniiml.model.pretrained.MobileNetV2Layout.TensorSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Converts the MobileNetV2 that the npm package {@code nsfwjs} (MIT, Infinite Red) ships as a TFJS layers model
 * ({@code dist/models/mobilenet_v2/}) into the weights file {@link MobileNetV2Trunk} loads: the layers
 * {@code Conv1} .. {@code block_10_project_BN} only (165 tensors).
 *
 * <p>Conversion rules, each checked or applied here:
 * <ul>
 *   <li>Input: the tarball {@code npm pack nsfwjs@VERSION} writes, or the unpacked package directory. For 4.4.0 the
 *       tarball's sha512 must be npm's published integrity and the two model files' sha256 the published ones.</li>
 *   <li>{@code model.min.js} is a browserify wrapper around a JavaScript object literal
 *       ({@code a.exports={modelTopology, weightsManifest}}); it is turned into strict JSON ({@link JsLiteral}).
 *       The topology from {@code Conv1_pad} to {@code block_10_project_BN} must be exactly keras-applications'
 *       MobileNetV2 (layer names, classes, strides, paddings incl. the bottom/right-only ZeroPadding2D
 *       ((0,1),(0,1)), BN epsilon 1e-3, ReLU max 6, no biases): anything else is refused, since the trunk
 *       hard-codes that graph.</li>
 *   <li>{@code group1-shard1of1.min.js} exports one base64 string: the uint8 codes of all manifest tensors, packed
 *       in manifest order (sorted by layer name, not topology order) without padding.</li>
 *   <li>Dequantisation as tfjs-core's {@code decodeWeights}: {@code float32(q * scale + min)}, the product and sum
 *       in double precision, then rounded once to float32.</li>
 *   <li>Layouts: Conv2D kernel HWIO {@code [kh,kw,in,out]} to OIHW {@code [out,in,kh,kw]}; DepthwiseConv2D
 *       kernel {@code [kh,kw,C,1]} to {@code [C,1,kh,kw]}; BatchNormalization gamma, beta, moving_mean,
 *       moving_variance unchanged ({@code [C]}).</li>
 *   <li>Output ({@link #encode}): an uncompressed .npz (a zip of little-endian float32 .npy files, readable by
 *       {@code numpy.load}), one entry per tensor in topology order, named {@code LAYER/weight} for kernels (in the
 *       converted layout) and {@code LAYER/gamma|beta|moving_mean|moving_variance} for BN; every zip entry carries
 *       the fixed time 2000-01-01 00:00 in the MS-DOS field and no extra fields, so the same package always gives the same bytes.</li>
 * </ul>
 * Beside the weights, {@link #write} puts {@value #PROVENANCE_FILE} (sources with checksums, layers and tensors
 * taken, parameter counts, these rules) and {@value #LICENSE_FILE} (the package's MIT licence text).
 */
public final class MobileNetV2Import {
    /** npm package name. */
    public static final String PACKAGE_NAME = "nsfwjs";
    /** The layers model inside the package. */
    public static final String MODEL_FILE = "dist/models/mobilenet_v2/model.min.js";
    /** Its one weight shard. */
    public static final String SHARD_FILE = "dist/models/mobilenet_v2/group1-shard1of1.min.js";
    /** Written beside the weights file. */
    public static final String PROVENANCE_FILE = "provenance.json";
    /** The package's licence text, written beside the weights file. */
    public static final String LICENSE_FILE = "LICENSE-nsfwjs.txt";
    /** Schema tag of the provenance record. */
    public static final String PROVENANCE_FORMAT = "omniiml.pretrained-import/1";

    /** The release the reference activations were made from (../shared/tools/mnv2-reference). */
    static final String KNOWN_VERSION = "4.4.0";
    static final String KNOWN_INTEGRITY =
            "sha512-krC1fgeTLXtZwgdpKJ0jm7hqv0gTSRQQRL+FhOaxaJ9Wj92t42BO3csO2odwgTAgZgf2RvkwPtp0R8Aa7dc+MA==";
    static final Map<String, String> KNOWN_SHA256 = Map.of(
            MODEL_FILE, "c32f104fd562b08cdff5ed69dfe1209643afa47e792fb12751d2949aa61a397a",
            SHARD_FILE, "ef2e0a63f7d2c4960b37b024b669313f65d3c45cd59e9042636c55b39de53517");

    private static final String PACKAGE_JSON = "package.json";
    private static final String LICENSE = "LICENSE";
    private static final String SHARD_PATH = "group1-shard1of1";
    /**
     * Time of every zip entry. Not 1980-01-01 00:00: the JDK takes exactly that MS-DOS time for "before 1980" and
     * then adds an extended-timestamp field in UTC, i.e. bytes that depend on the time zone.
     */
    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> RULES = List.of(
            "source: " + MODEL_FILE + " (TFJS layers model, Keras 2.2.4 MobileNetV2 alpha 1.0) and " + SHARD_FILE
                    + " (one base64 string of uint8 codes)",
            "layers taken: Conv1 .. " + MobileNetV2Layout.LAST_LAYER + " (topology order); block_11 .. the classifier "
                    + "are left out",
            "dequantisation as tfjs-core decodeWeights: value = float32(q * scale + min), double math, one rounding",
            "byte offsets accumulated over all manifest tensors in manifest order (sorted by layer name)",
            "Conv2D kernel HWIO [kh,kw,in,out] -> OIHW [out,in,kh,kw]",
            "DepthwiseConv2D depthwise_kernel [kh,kw,C,1] -> [C,1,kh,kw]",
            "BatchNormalization gamma, beta, moving_mean, moving_variance unchanged [C]; epsilon 1e-3 (not stored)",
            "file: uncompressed npz, little-endian float32 .npy entries in topology order, zip times fixed at "
                    + "2000-01-01 00:00 (MS-DOS field only): the same package gives the same bytes");

    private MobileNetV2Import() {
    }

    /** A named float32 tensor, C order. */
    public record Tensor(String name, int[] shape, float[] data) {
        public Tensor {
            if (MobileNetV2Layout.numel(shape) != data.length) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs "
                        + MobileNetV2Layout.numel(shape) + " values, got " + data.length);
            }
        }
    }

    /** A problem with an input file; the message starts with the file. */
    public static final class ImportException extends IOException {
        private static final long serialVersionUID = 1L;

        public ImportException(Path file, String problem) {
            super(file + ": " + problem);
        }
    }

    /**
     * The converted tensors with their provenance record and the package's licence text.
     *
     * @param tensors    the 165 tensors in topology order
     * @param provenance the record written as {@value #PROVENANCE_FILE} (without the output file's checksum)
     * @param license    the package's LICENSE text
     */
    public record Conversion(List<Tensor> tensors, ObjectNode provenance, String license) {
        /** Number of values in all tensors (conv kernels, BN affine and BN statistics). */
        public long parameterCount() {
            return tensors.stream().mapToLong(t -> t.data().length).sum();
        }
    }

    /** The three files {@link #write} made and the weights file's checksum. */
    public record Result(Path weights, Path provenance, Path license, long parameters, String sha256) {
    }

    /** Reads, checks and converts the package at {@code pkg} (.tgz or directory). */
    public static Conversion convert(Path pkg) throws IOException {
        NpmPackage p = NpmPackage.open(pkg, new LinkedHashSet<>(List.of(PACKAGE_JSON, LICENSE, MODEL_FILE, SHARD_FILE)));
        Path where = pkg;
        byte[] packageJson = require(p, PACKAGE_JSON);
        byte[] model = require(p, MODEL_FILE);
        byte[] shard = require(p, SHARD_FILE);
        byte[] licence = require(p, LICENSE);

        JsonNode pj = parse(packageJson, where, PACKAGE_JSON);
        String name = pj.path("name").asText("");
        String version = pj.path("version").asText("");
        if (!PACKAGE_NAME.equals(name)) {
            throw new ImportException(where, "package is \"" + name + "\", not " + PACKAGE_NAME);
        }
        boolean known = KNOWN_VERSION.equals(version);
        if (known && p.tarball && !KNOWN_INTEGRITY.equals(p.integrity)) {
            throw new ImportException(where, "sha512 " + p.integrity + " is not npm's published integrity of "
                    + PACKAGE_NAME + "@" + KNOWN_VERSION + " (" + KNOWN_INTEGRITY + ")");
        }
        if (known) {
            for (String f : List.of(MODEL_FILE, SHARD_FILE)) {
                String sum = NpmPackage.sha256(f.equals(MODEL_FILE) ? model : shard);
                if (!KNOWN_SHA256.get(f).equals(sum)) {
                    throw new ImportException(where, f + " differs from the one published in " + PACKAGE_NAME + "@"
                            + KNOWN_VERSION + " (sha256 " + sum + ")");
                }
            }
        }

        String modelText = new String(model, StandardCharsets.UTF_8);
        String literal = JsLiteral.objectAfter(modelText, ".exports=");
        if (literal == null) {
            throw new ImportException(where, MODEL_FILE + ": no \".exports={...}\" object literal (not the expected "
                    + "browserify-wrapped TFJS layers model)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(JsLiteral.toJson(literal));
        } catch (JsonProcessingException e) {
            throw new ImportException(where, MODEL_FILE + ": cannot read the model literal: " + e.getOriginalMessage());
        }
        JsonNode topology = root.path("modelTopology");
        JsonNode layers = topology.path("model_config").path("config").path("layers");
        if (!layers.isArray()) {
            layers = topology.path("config").path("layers");
        }
        if (!layers.isArray()) {
            throw new ImportException(where, MODEL_FILE + ": no modelTopology layers");
        }
        checkTopology(layers, where);

        String base64 = JsLiteral.stringAfter(new String(shard, StandardCharsets.ISO_8859_1), ".exports=");
        if (base64 == null) {
            throw new ImportException(where, SHARD_FILE + ": no exported base64 string");
        }
        byte[] codes;
        try {
            codes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ImportException(where, SHARD_FILE + ": not base64 (" + e.getMessage() + ")");
        }

        Map<String, Quantised> manifest = manifest(root.path("weightsManifest"), codes.length, where);
        List<Tensor> tensors = new ArrayList<>();
        ArrayNode tensorRecords = JSON.createArrayNode();
        for (TensorSpec spec : MobileNetV2Layout.TENSORS) {
            Quantised q = manifest.get(spec.source());
            if (q == null) {
                throw new ImportException(where, MODEL_FILE + ": weight " + spec.source() + " missing from the manifest");
            }
            if (!Arrays.equals(q.shape, spec.sourceShape())) {
                throw new ImportException(where, MODEL_FILE + ": weight " + spec.source() + " has shape "
                        + Arrays.toString(q.shape) + ", expected " + Arrays.toString(spec.sourceShape()));
            }
            float[] values = dequantise(codes, q);
            tensors.add(new Tensor(spec.name(), spec.shape().clone(), toLayout(values, spec)));
            ObjectNode r = tensorRecords.addObject();
            r.put("name", spec.name());
            r.set("shape", ints(spec.shape()));
            r.put("source", spec.source());
            r.set("source_shape", ints(spec.sourceShape()));
            r.put("source_byte_offset", q.offset);
            r.put("quantization_min", q.min);
            r.put("quantization_scale", q.scale);
        }

        ObjectNode prov = JSON.createObjectNode();
        prov.put("format", PROVENANCE_FORMAT);
        prov.put("description", "MobileNetV2 layers Conv1 .. " + MobileNetV2Layout.LAST_LAYER + " from the npm package "
                + PACKAGE_NAME + "@" + version + ": nsfwjs' weights derived from ImageNet training, uint8-quantised, "
                + "with BatchNorm statistics re-estimated on x/255 inputs (not keras-applications' ImageNet weights)");
        ObjectNode src = prov.putObject("source");
        src.put("package", name);
        src.put("version", version);
        src.put("license", pj.path("license").asText(""));
        src.put("homepage", pj.path("homepage").asText(""));
        src.put("input", p.tarball ? "npm tarball" : "package directory");
        if (p.tarball) {
            ObjectNode t = src.putObject("tarball");
            t.put("file", pkg.getFileName().toString());
            t.put("bytes", p.tarballBytes);
            t.put("integrity", p.integrity);
            t.put("shasum", p.shasum);
        }
        src.put("verified_against_published_release", known);
        ArrayNode files = src.putArray("files");
        for (String f : List.of(PACKAGE_JSON, LICENSE, MODEL_FILE, SHARD_FILE)) {
            byte[] data = p.files.get(f);
            ObjectNode o = files.addObject();
            o.put("path", "package/" + f);
            o.put("bytes", data.length);
            o.put("sha256", NpmPackage.sha256(data));
        }
        ObjectNode km = prov.putObject("keras_model");
        km.put("keras_version", topology.path("keras_version").asText(""));
        km.put("backend", topology.path("backend").asText(""));
        km.put("name", topology.path("model_config").path("config").path("name").asText(""));
        km.put("layers_in_model", layers.size());
        km.put("tensors_in_manifest", manifest.size());
        ArrayNode taken = prov.putArray("layers");
        for (String[] l : MobileNetV2Layout.kerasLayers()) {
            taken.add(l[0]);
        }
        long total = 0;
        long trainable = 0;
        for (int i = 0; i < tensors.size(); i++) {
            total += tensors.get(i).data().length;
            Kind k = MobileNetV2Layout.TENSORS.get(i).kind();
            if (k != Kind.MOVING_MEAN && k != Kind.MOVING_VARIANCE) {
                trainable += tensors.get(i).data().length;
            }
        }
        prov.put("tensor_count", tensors.size());
        prov.put("parameters", total);
        prov.put("parameters_trainable_in_trunk", trainable);
        prov.put("parameters_bn_statistics", total - trainable);
        prov.put("input_preprocessing", "RGB, float x/255 in [0,1] (nsfwjs' own preprocessing; the BN statistics "
                + "fit it), NCHW");
        ArrayNode taps = prov.putArray("taps");
        for (String t : MobileNetV2Trunk.TAPS) {
            taps.add(t);
        }
        ArrayNode rules = prov.putArray("conversion");
        RULES.forEach(rules::add);
        prov.set("tensors", tensorRecords);
        return new Conversion(Collections.unmodifiableList(tensors), prov,
                new String(licence, StandardCharsets.UTF_8));
    }

    /**
     * Converts {@code pkg} and writes {@code out} (the weights), {@value #PROVENANCE_FILE} and {@value #LICENSE_FILE}
     * in {@code out}'s folder. Each file is written to a temporary name first and then moved into place.
     */
    public static Result write(Path pkg, Path out) throws IOException {
        Conversion c = convert(pkg);
        byte[] weights = encode(c.tensors());
        Files.createDirectories(out.toAbsolutePath().getParent());
        String sha = NpmPackage.sha256(weights);
        ObjectNode prov = c.provenance().deepCopy();
        ObjectNode w = JSON.createObjectNode();
        w.put("file", out.getFileName().toString());
        w.put("bytes", weights.length);
        w.put("sha256", sha);
        prov.set("weights", w);
        ObjectNode ordered = JSON.createObjectNode(); // weights first, for people reading the file
        ordered.put("format", prov.get("format").asText());
        ordered.set("weights", w);
        prov.fields().forEachRemaining(e -> {
            if (!ordered.has(e.getKey())) {
                ordered.set(e.getKey(), e.getValue());
            }
        });
        Path provenance = out.resolveSibling(PROVENANCE_FILE);
        Path licence = out.resolveSibling(LICENSE_FILE);
        String licenceText = "The MobileNetV2 weights in this folder (" + out.getFileName() + ") are converted from the npm "
                + "package " + PACKAGE_NAME + "@" + prov.path("source").path("version").asText()
                + " (package/LICENSE, reproduced below).\n\n" + c.license();
        atomicWrite(out, weights);
        atomicWrite(provenance, (writer().writeValueAsString(ordered) + "\n").getBytes(StandardCharsets.UTF_8));
        atomicWrite(licence, licenceText.getBytes(StandardCharsets.UTF_8));
        return new Result(out, provenance, licence, c.parameterCount(), sha);
    }

    /** JSON with a fixed two-space indent and "\n" line ends on every platform. */
    static com.fasterxml.jackson.databind.ObjectWriter writer() {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        return JSON.writer(pp);
    }

    private static void atomicWrite(Path target, byte[] data) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, data);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The deterministic .npz bytes of {@code tensors}, in the given order. */
    public static byte[] encode(List<Tensor> tensors) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            zip.setMethod(ZipOutputStream.STORED);
            for (Tensor t : tensors) {
                byte[] npy = npy(t);
                ZipEntry e = new ZipEntry(t.name() + ".npy");
                e.setMethod(ZipEntry.STORED);
                e.setTimeLocal(ZIP_TIME);
                e.setSize(npy.length);
                e.setCompressedSize(npy.length);
                CRC32 crc = new CRC32();
                crc.update(npy);
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                zip.write(npy);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** NumPy .npy version 1.0 bytes, float32 little-endian, header padded to 64 bytes as numpy writes it. */
    private static byte[] npy(Tensor t) {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < t.shape().length; i++) {
            shape.append(t.shape()[i]).append(t.shape().length == 1 ? "," : i + 1 < t.shape().length ? ", " : "");
        }
        shape.append(')');
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length());
        b.put(header.toString().getBytes(StandardCharsets.US_ASCII));
        for (float v : t.data()) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** Reads a weights file written by {@link #encode}, in its stored order. */
    public static List<Tensor> readWeights(Path file) throws IOException {
        List<Tensor> out = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.getName().endsWith(".npy")) {
                    continue;
                }
                byte[] data;
                try (InputStream in = zip.getInputStream(e)) {
                    data = in.readAllBytes();
                }
                NpyArray a;
                try {
                    a = Npy.read(data, e.getName());
                } catch (NpyFormatException ex) {
                    throw new ImportException(file, ex.getMessage());
                }
                if (!"<f4".equals(a.dtype())) {
                    throw new ImportException(file, e.getName() + ": dtype " + a.dtype() + ", expected <f4");
                }
                String name = e.getName().substring(0, e.getName().length() - 4);
                out.add(new Tensor(name, a.shape(), a.toFloats()));
            }
        } catch (ZipException e) {
            throw new ImportException(file, "not a weights file (.npz): " + e.getMessage());
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private record Quantised(String name, int[] shape, long offset, int count, double min, double scale) {
    }

    private static Map<String, Quantised> manifest(JsonNode groups, int available, Path where) throws IOException {
        if (!groups.isArray() || groups.size() != 1 || groups.get(0).path("paths").size() != 1
                || !SHARD_PATH.equals(groups.get(0).path("paths").get(0).asText())) {
            throw new ImportException(where, MODEL_FILE + ": expected one weights group stored in \"" + SHARD_PATH
                    + "\"");
        }
        Map<String, Quantised> out = new HashMap<>();
        long offset = 0;
        for (JsonNode w : groups.get(0).path("weights")) {
            String name = w.path("name").asText();
            int[] shape = new int[w.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = w.path("shape").get(i).asInt();
            }
            JsonNode q = w.path("quantization");
            if (!"float32".equals(w.path("dtype").asText()) || !"uint8".equals(q.path("dtype").asText())
                    || !q.path("min").isNumber() || !q.path("scale").isNumber()) {
                throw new ImportException(where, MODEL_FILE + ": weight " + name + " is not float32 quantised to uint8 "
                        + "with min and scale");
            }
            long n = MobileNetV2Layout.numel(shape);
            out.put(name, new Quantised(name, shape, offset, (int) n, q.path("min").doubleValue(),
                    q.path("scale").doubleValue()));
            offset += n; // uint8: one byte per value, no alignment
        }
        if (offset != available) {
            throw new ImportException(where, SHARD_FILE + ": holds " + available + " bytes, the manifest needs " + offset);
        }
        return out;
    }

    /** tfjs-core decodeWeights for uint8: {@code Float32Array[i] = q * scale + min} (double math, one rounding). */
    static float[] dequantise(byte[] codes, Quantised q) {
        float[] v = new float[q.count];
        for (int i = 0; i < v.length; i++) {
            int code = codes[(int) q.offset + i] & 0xFF;
            v[i] = (float) (code * q.scale + q.min);
        }
        return v;
    }

    private static float[] toLayout(float[] src, TensorSpec spec) {
        int[] s = spec.sourceShape();
        switch (spec.kind()) {
            case CONV_KERNEL -> { // [kh,kw,in,out] -> [out,in,kh,kw]
                int kh = s[0], kw = s[1], in = s[2], out = s[3];
                float[] d = new float[src.length];
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        for (int i = 0; i < in; i++) {
                            for (int o = 0; o < out; o++) {
                                d[((o * in + i) * kh + y) * kw + x] = src[((y * kw + x) * in + i) * out + o];
                            }
                        }
                    }
                }
                return d;
            }
            case DEPTHWISE_KERNEL -> { // [kh,kw,C,1] -> [C,1,kh,kw]
                int kh = s[0], kw = s[1], c = s[2];
                float[] d = new float[src.length];
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        for (int k = 0; k < c; k++) {
                            d[(k * kh + y) * kw + x] = src[(y * kw + x) * c + k];
                        }
                    }
                }
                return d;
            }
            default -> {
                return src;
            }
        }
    }

    private static void checkTopology(JsonNode layers, Path where) throws IOException {
        List<String[]> expected = MobileNetV2Layout.kerasLayers();
        Map<String, JsonNode> byName = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (JsonNode l : layers) {
            byName.put(l.path("name").asText(), l);
            order.add(l.path("name").asText());
        }
        int start = order.indexOf("Conv1_pad");
        if (start < 0 || start + expected.size() > order.size()) {
            throw new ImportException(where, MODEL_FILE + ": no MobileNetV2 stem (layer Conv1_pad) in the topology");
        }
        Set<String> stride2 = new LinkedHashSet<>(List.of("Conv1"));
        for (MobileNetV2Layout.Block b : MobileNetV2Layout.BLOCKS) {
            if (b.stride() == 2) {
                stride2.add(b.depthwise());
            }
        }
        for (int i = 0; i < expected.size(); i++) {
            String name = expected.get(i)[0];
            String cls = expected.get(i)[1];
            JsonNode l = layers.get(start + i);
            String problem = null;
            if (!name.equals(l.path("name").asText()) || !cls.equals(l.path("class_name").asText())) {
                problem = "expected " + cls + " " + name + ", found " + l.path("class_name").asText() + " "
                        + l.path("name").asText();
            } else {
                JsonNode c = l.path("config");
                boolean s2 = stride2.contains(name);
                problem = switch (cls) {
                    case "ZeroPadding2D" -> expect(c, "padding", "[[0,1],[0,1]]");
                    case "Conv2D" -> first(expect(c, "strides", s2 ? "[2,2]" : "[1,1]"),
                            expect(c, "use_bias", "false"), expect(c, "activation", "\"linear\""),
                            expect(c, "dilation_rate", "[1,1]"), channelsLast(c),
                            name.equals("Conv1") ? expect(c, "padding", "\"valid\"") : null);
                    case "DepthwiseConv2D" -> first(expect(c, "strides", s2 ? "[2,2]" : "[1,1]"),
                            expect(c, "padding", s2 ? "\"valid\"" : "\"same\""), expect(c, "kernel_size", "[3,3]"),
                            expect(c, "depth_multiplier", "1"), expect(c, "use_bias", "false"),
                            expect(c, "activation", "\"linear\""), expect(c, "dilation_rate", "[1,1]"), channelsLast(c));
                    case "BatchNormalization" -> first(c.path("epsilon").asDouble() == MobileNetV2Layout.BN_EPSILON
                                    ? null : "epsilon " + c.path("epsilon") + ", expected 0.001",
                            c.path("axis").asInt() == -1 || c.path("axis").asInt() == 3 ? null : "axis " + c.path("axis"),
                            expect(c, "center", "true"), expect(c, "scale", "true"));
                    case "ReLU" -> first(c.path("max_value").asDouble(-1) == 6 ? null : "max_value " + c.path("max_value"),
                            c.path("negative_slope").asDouble(-1) == 0 ? null : "negative_slope " + c.path("negative_slope"),
                            c.path("threshold").asDouble(-1) == 0 ? null : "threshold " + c.path("threshold"));
                    case "Add" -> l.path("inbound_nodes").path(0).size() == 2 ? null : "an Add of other than two inputs";
                    default -> null;
                };
            }
            if (problem != null) {
                throw new ImportException(where, MODEL_FILE + ": layer " + (start + i) + " (" + name + "): " + problem
                        + "; only keras-applications' MobileNetV2 is supported");
            }
        }
    }

    private static String channelsLast(JsonNode c) {
        return c.has("data_format") ? expect(c, "data_format", "\"channels_last\"") : null;
    }

    private static String expect(JsonNode config, String key, String json) {
        try {
            JsonNode want = JSON.readTree(json);
            return want.equals(config.path(key)) ? null : key + " " + config.path(key) + ", expected " + json;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String first(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static ArrayNode ints(int[] v) {
        ArrayNode a = JSON.createArrayNode();
        for (int x : v) {
            a.add(x);
        }
        return a;
    }

    private static byte[] require(NpmPackage p, String file) throws IOException {
        byte[] data = p.files.get(file);
        if (data == null) {
            throw new ImportException(p.source, "package/" + file + " missing");
        }
        return data;
    }

    private static JsonNode parse(byte[] json, Path where, String file) throws IOException {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ImportException(where, file + ": not JSON (" + e.getOriginalMessage() + ")");
        }
    }
}
