package io.omniiml.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.mask.Box;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Opens datasets in the layouts this field uses (see docs/data-and-metrics.md):
 * <ul>
 *   <li>{@code manifest}: our {@code manifest.json} (a folder holding one, or the file itself);</li>
 *   <li>{@code json-list}: IMDL-BenCo's JSON list {@code [[image, mask or "Negative"], ...]};</li>
 *   <li>{@code tp-gt}: IMDL-BenCo's folder with {@code Tp/} and {@code Gt/}, paired by sorted file name;</li>
 *   <li>{@code images-masks}: a folder with an image folder (tampered/, images/, ...), a mask folder (masks/,
 *   gt/, ...) whose files are named like the image with an optional suffix (_gt, _mask, -gt, -mask), and
 *   optionally an authentic folder (originals/, authentic/, Au/, ...).</li>
 * </ul>
 * Pairing problems are collected in {@link Dataset#problems()}; only an unreadable layout throws.
 */
public final class Datasets {
    public static final String MANIFEST_FILE = "manifest.json";
    public static final int MANIFEST_VERSION = 1;
    /** The JSON list's marker for an authentic image. */
    public static final String NEGATIVE = "Negative";

    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "tif", "tiff", "bmp", "gif", "webp", "jpe");
    private static final List<String> IMAGE_DIRS = List.of("tp", "tampered", "images", "image", "imgs", "forged", "fake");
    private static final List<String> MASK_DIRS = List.of("gt", "masks", "mask", "groundtruth", "ground_truth", "gts");
    private static final List<String> AUTHENTIC_DIRS = List.of("au", "originals", "original", "authentic", "real", "pristine");
    private static final List<String> MASK_SUFFIXES = List.of("_gt", "_mask", "-gt", "-mask", "_groundtruth");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Datasets() {
    }

    public static Dataset open(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such dataset file or folder");
        }
        if (Files.isRegularFile(path)) {
            return openJson(path);
        }
        if (Files.isRegularFile(path.resolve(MANIFEST_FILE))) {
            return openJson(path.resolve(MANIFEST_FILE));
        }
        return openFolders(path);
    }

    private static Dataset openJson(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        Path base = file.toAbsolutePath().getParent();
        if (root != null && root.isArray()) {
            return openJsonList(file, root, base);
        }
        if (root != null && root.isObject() && root.has("samples")) {
            return openManifest(file, root, base);
        }
        throw new IOException(file + ": neither a JSON list [[image, mask], ...] nor a manifest {\"samples\": [...]}");
    }

    private static String nameOf(Path file) {
        Path name = file.getFileName().toString().equals(MANIFEST_FILE) && file.toAbsolutePath().getParent() != null
                ? file.toAbsolutePath().getParent().getFileName() : file.getFileName();
        return stem(name.toString());
    }

    private static Dataset openJsonList(Path file, JsonNode root, Path base) {
        List<Sample> samples = new ArrayList<>();
        List<DatasetProblem> problems = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            if (!entry.isArray() || entry.size() < 1 || !entry.get(0).isTextual()) {
                problems.add(new DatasetProblem(null, file, "entry " + i + " is not [image, mask or \"Negative\"]"));
                continue;
            }
            Path image = base.resolve(entry.get(0).asText());
            JsonNode m = entry.size() > 1 ? entry.get(1) : null;
            Path mask = m == null || m.isNull() || NEGATIVE.equalsIgnoreCase(m.asText()) ? null : base.resolve(m.asText());
            samples.add(new Sample(image, mask, null, List.of(), null, stem(image.getFileName().toString())));
        }
        return new Dataset(nameOf(file), file, "json-list", samples, problems);
    }

    private static Dataset openManifest(Path file, JsonNode root, Path base) throws IOException {
        int version = root.path("version").asInt(MANIFEST_VERSION);
        if (version > MANIFEST_VERSION) {
            throw new IOException(file + ": manifest version " + version + " is newer than this reader (" + MANIFEST_VERSION + ")");
        }
        List<Sample> samples = new ArrayList<>();
        List<DatasetProblem> problems = new ArrayList<>();
        JsonNode list = root.get("samples");
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String where = "samples[" + i + "]";
            if (!s.path("image").isTextual()) {
                problems.add(new DatasetProblem(null, file, where + " has no \"image\""));
                continue;
            }
            Path image = base.resolve(s.get("image").asText());
            String id = s.path("id").isTextual() ? s.get("id").asText() : stem(image.getFileName().toString());
            JsonNode m = s.get("mask");
            Path mask = m == null || m.isNull() || NEGATIVE.equalsIgnoreCase(m.asText()) ? null : base.resolve(m.asText());
            Task task = null;
            if (s.path("task").isTextual()) {
                try {
                    task = Task.fromId(s.get("task").asText());
                } catch (IllegalArgumentException e) {
                    problems.add(new DatasetProblem(id, file, where + ": " + e.getMessage()));
                }
            }
            List<Box> boxes = new ArrayList<>();
            for (JsonNode b : s.path("boxes")) {
                if (b.isArray() && b.size() == 4 && b.get(2).asInt(-1) >= 0 && b.get(3).asInt(-1) >= 0) {
                    boxes.add(new Box(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt()));
                } else {
                    problems.add(new DatasetProblem(id, file, where + ": box " + b + " is not [x, y, width, height]"));
                }
            }
            JsonNode description = s.get("description");
            samples.add(new Sample(image, mask, task, boxes, description == null || description.isNull() ? null : description, id));
        }
        return new Dataset(root.path("name").isTextual() ? root.get("name").asText() : nameOf(file), file, "manifest",
                samples, problems);
    }

    /**
     * Writes a manifest (version 1) for the samples; paths are written relative to the manifest's folder
     * when they lie under it. Extra per-sample JSON (e.g. "manipulation") can be passed in {@code extra},
     * keyed by sample id; it is written as is and ignored by {@link #open(Path)}.
     */
    public static void writeManifest(Path file, String name, List<Sample> samples, Map<String, ObjectNode> extra)
            throws IOException {
        Path base = file.toAbsolutePath().getParent();
        ObjectNode root = JSON.createObjectNode();
        root.put("version", MANIFEST_VERSION);
        if (name != null) {
            root.put("name", name);
        }
        ArrayNode list = root.putArray("samples");
        for (Sample s : samples) {
            ObjectNode o = list.addObject();
            o.put("id", s.id());
            o.put("image", relative(base, s.image()));
            if (s.mask() == null) {
                o.putNull("mask");
            } else {
                o.put("mask", relative(base, s.mask()));
            }
            if (s.task() != null) {
                o.put("task", s.task().id());
            }
            ArrayNode boxes = o.putArray("boxes");
            for (Box b : s.boxes()) {
                boxes.addArray().add(b.x()).add(b.y()).add(b.width()).add(b.height());
            }
            if (s.description() != null) {
                o.set("description", s.description());
            }
            ObjectNode more = extra == null ? null : extra.get(s.id());
            if (more != null) {
                more.fields().forEachRemaining(e -> {
                    if (!o.has(e.getKey())) {
                        o.set(e.getKey(), e.getValue());
                    }
                });
            }
        }
        if (base != null) {
            Files.createDirectories(base);
        }
        JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    private static String relative(Path base, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        String s = base != null && abs.startsWith(base.normalize()) ? base.normalize().relativize(abs).toString() : abs.toString();
        return s.replace('\\', '/');
    }

    private static Dataset openFolders(Path dir) throws IOException {
        Path images = findChild(dir, IMAGE_DIRS);
        Path masks = findChild(dir, MASK_DIRS);
        Path authentic = findChild(dir, AUTHENTIC_DIRS);
        if (images == null && authentic == null) {
            throw new IOException(dir + ": no dataset found (expected manifest.json, Tp/ + Gt/, or an image folder "
                    + "such as images/ or tampered/ with masks/)");
        }
        boolean tpGt = images != null && masks != null && images.getFileName().toString().equalsIgnoreCase("tp")
                && masks.getFileName().toString().equalsIgnoreCase("gt");
        List<Sample> samples = new ArrayList<>();
        List<DatasetProblem> problems = new ArrayList<>();
        List<Path> imageFiles = images == null ? List.of() : listImages(images);
        List<Path> maskFiles = masks == null ? List.of() : listImages(masks);
        if (images != null && masks == null) {
            problems.add(new DatasetProblem(null, dir, "no mask folder (masks/ or Gt/) next to " + images.getFileName() + "/"));
        }
        if (tpGt && imageFiles.size() == maskFiles.size()) {
            // IMDL-BenCo pairs Tp/ and Gt/ by sorted file name, whatever the names are.
            for (int i = 0; i < imageFiles.size(); i++) {
                samples.add(new Sample(imageFiles.get(i), maskFiles.get(i), null, List.of(), null, stem(imageFiles.get(i))));
            }
        } else {
            if (tpGt) {
                problems.add(new DatasetProblem(null, dir, "Tp/ has " + imageFiles.size() + " images but Gt/ has "
                        + maskFiles.size() + " masks; pairing by name instead of by sorted position"));
            }
            Map<String, Path> masksByKey = new HashMap<>();
            for (Path m : maskFiles) {
                masksByKey.putIfAbsent(maskKey(stem(m)), m);
                masksByKey.putIfAbsent(stem(m).toLowerCase(Locale.ROOT), m);
            }
            Set<Path> used = new java.util.HashSet<>();
            for (Path img : imageFiles) {
                Path m = masksByKey.get(stem(img).toLowerCase(Locale.ROOT));
                if (m == null && masks != null) {
                    problems.add(new DatasetProblem(stem(img), img, "no mask in " + masks.getFileName() + "/ for this image"));
                    continue;
                }
                if (m != null) {
                    used.add(m);
                    samples.add(new Sample(img, m, null, List.of(), null, stem(img)));
                }
            }
            for (Path m : maskFiles) {
                if (!used.contains(m)) {
                    problems.add(new DatasetProblem(null, m, "mask without an image in " + images.getFileName() + "/"));
                }
            }
        }
        if (authentic != null) {
            for (Path img : listImages(authentic)) {
                samples.add(new Sample(img, null, null, List.of(), null, stem(img)));
            }
        }
        return new Dataset(dir.toAbsolutePath().normalize().getFileName().toString(), dir, tpGt ? "tp-gt" : "images-masks",
                samples, problems);
    }

    /** The image stem a mask belongs to: its stem without a known mask suffix, lower case. */
    static String maskKey(String maskStem) {
        String lower = maskStem.toLowerCase(Locale.ROOT);
        for (String suffix : MASK_SUFFIXES) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return lower.substring(0, lower.length() - suffix.length());
            }
        }
        return lower;
    }

    private static Path findChild(Path dir, List<String> names) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> dirs = children.filter(Files::isDirectory).toList();
            for (String n : names) {
                for (Path d : dirs) {
                    if (d.getFileName().toString().equalsIgnoreCase(n)) {
                        return d;
                    }
                }
            }
        }
        return null;
    }

    static List<Path> listImages(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> IMAGE_EXTENSIONS.contains(extension(p)))
                    .sorted()
                    .toList();
        }
    }

    static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    public static String stem(Path p) {
        return stem(p.getFileName().toString());
    }

    public static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }
}
