package io.omniiml.synth.source;

import io.omniiml.core.data.Task;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.jpeg.JpegTables;
import io.omniiml.synth.Split;
import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.text.TextRegion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The clean source images under the data root, listed per task and split, decoded lazily and kept in a
 * least-recently-used cache bounded by a pixel budget. Rendered documents are drawn on demand from their id.
 *
 * <p>Names are paths relative to the data root ("sources/faces_utkface/img/..."), so the split of every
 * file is fixed by its name alone. High-resolution photos are reduced on load to at most
 * {@link #MAX_SIDE} pixels on the longer side (area averaging): cheap to cache, and no source is larger
 * than a crop needs by much.
 */
public final class SourceLibrary {
    public static final int MAX_SIDE = 1280;
    /** Rendered documents are ids 0..RENDERED_DOCUMENTS-1, split like files by their name. */
    public static final int RENDERED_DOCUMENTS = 20000;
    static final String CAMERA_DIR = "sources/natural_camera/img";
    static final List<String> CLEAN_PHOTO_DIRS = List.of("clean/mate-backgrounds", "clean/plasma-workspace-wallpapers",
            "clean/lomiri-wallpapers-16.04", "clean/python3-skimage", "clean/opencv-doc");
    /** BSD-3 / Apache-2.0 photos that may be redistributed (see clean/README.txt). */
    static final List<String> PERMISSIVE_PHOTO_DIRS = List.of("clean/python3-skimage", "clean/opencv-doc");

    private final Path root;
    private final boolean permissiveOnly;
    private final long cachePixels;
    private final Map<String, SourceImage> cache = new LinkedHashMap<>(64, 0.75f, true);
    private long cachedPixels;
    private final Map<SourceKind, Map<Split, List<String>>> names = new EnumMap<>(SourceKind.class);

    public SourceLibrary(Path root, long cachePixels, boolean permissiveOnly) {
        this.root = root;
        this.cachePixels = cachePixels;
        this.permissiveOnly = permissiveOnly;
    }

    /** The data root: {@code $OMNIIML_SHARED/data} when it exists, else /work/shared/data. */
    public static Path defaultRoot() {
        String shared = System.getenv("OMNIIML_SHARED");
        if (shared != null && !shared.isBlank() && Files.isDirectory(Path.of(shared, "data"))) {
            return Path.of(shared, "data");
        }
        return Path.of("/work/shared/data");
    }

    public Path root() {
        return root;
    }

    /** Source kinds that feed a task (documents: receipt scans and rendered documents), hosts and donors. */
    public List<SourceKind> kinds(Task task) {
        List<SourceKind> out = new ArrayList<>();
        for (SourceKind k : SourceKind.values()) {
            if (k.task() == task && (!permissiveOnly || k == SourceKind.NATURAL_PHOTO || k == SourceKind.RENDERED_DOCUMENT)) {
                out.add(k);
            }
        }
        return out;
    }

    /** The kinds a sample of the task starts from (donor-only kinds left out). */
    public List<SourceKind> hostKinds(Task task) {
        return kinds(task).stream().filter(SourceKind::host).toList();
    }

    /** The file names (or rendered ids) of a kind in a split, sorted. */
    public synchronized List<String> names(SourceKind kind, Split split) {
        return names.computeIfAbsent(kind, k -> {
            Map<Split, List<String>> bySplit = new EnumMap<>(Split.class);
            for (Split s : Split.values()) {
                bySplit.put(s, new ArrayList<>());
            }
            for (String n : list(k)) {
                bySplit.get(Split.of(n)).add(n);
            }
            return bySplit;
        }).get(split);
    }

    private List<String> list(SourceKind kind) {
        List<String> out = new ArrayList<>();
        switch (kind) {
            case NATURAL_PHOTO -> {
                if (!permissiveOnly) {
                    out.addAll(files("sources/natural_photos", ".jpg", ".png"));
                }
                for (String d : permissiveOnly ? PERMISSIVE_PHOTO_DIRS : CLEAN_PHOTO_DIRS) {
                    out.addAll(files(d, ".jpg", ".png"));
                }
            }
            case RECEIPT_SCAN -> out.addAll(files("sources/documents_sroie/img", ".jpg"));
            case SCENE_TEXT_PHOTO -> out.addAll(files("sources/scene_text_icdar2015/img", ".jpg"));
            case FACE_CROP -> out.addAll(files("sources/faces_utkface/img", ".jpg"));
            case CAMERA_PHOTO -> out.addAll(optionalFiles(CAMERA_DIR, ".jpg"));
            case OBJECT_PHOTO -> out.addAll(optionalFiles("sources/natural_objects/img", ".jpeg", ".jpg"));
            case RENDERED_DOCUMENT -> {
                for (int i = 0; i < RENDERED_DOCUMENTS; i++) {
                    out.add("rendered-document-" + i);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** The camera and object sets came later: a data root without them still serves the other kinds. */
    private List<String> optionalFiles(String dir, String... extensions) {
        return Files.isDirectory(root.resolve(dir)) ? files(dir, extensions) : List.of();
    }

    private List<String> files(String dir, String... extensions) {
        Path d = root.resolve(dir);
        if (!Files.isDirectory(d)) {
            throw new UncheckedIOException(new IOException(d + ": source folder not found (set --sources or OMNIIML_SHARED)"));
        }
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                for (String e : extensions) {
                    if (n.endsWith(e)) {
                        return true;
                    }
                }
                return false;
            }).map(p -> root.relativize(p).toString().replace('\\', '/')).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(d + ": cannot list sources", e);
        }
    }

    /** A random host source of the task in the split (host kinds weighted equally, files uniformly). */
    public SourceImage pick(Task task, Split split, SplittableRandom rnd) {
        List<SourceKind> kinds = new ArrayList<>(hostKinds(task));
        kinds.removeIf(k -> k == SourceKind.CAMERA_PHOTO && names(k, split).isEmpty());
        if (kinds.isEmpty()) {
            throw new IllegalStateException("no " + task.id() + " sources available" + (permissiveOnly
                    ? " among the permissively licensed ones" : ""));
        }
        SourceKind kind = kinds.get(rnd.nextInt(kinds.size()));
        List<String> list = names(kind, split);
        if (list.isEmpty()) {
            throw new IllegalStateException("no " + kind + " sources in split " + split.id() + " under " + root);
        }
        return load(list.get(rnd.nextInt(list.size())), kind);
    }

    /** A random source of one kind in the split, or null when the split has none. */
    public SourceImage pick(SourceKind kind, Split split, SplittableRandom rnd) {
        List<String> list = names(kind, split);
        return list.isEmpty() ? null : load(list.get(rnd.nextInt(list.size())), kind);
    }

    /** The decoded source (from the cache when present). */
    public SourceImage load(String name, SourceKind kind) {
        synchronized (this) {
            SourceImage hit = cache.get(name);
            if (hit != null) {
                return hit;
            }
        }
        SourceImage loaded = kind == SourceKind.RENDERED_DOCUMENT ? DocumentRenderer.render(name) : read(name, kind);
        synchronized (this) {
            if (!cache.containsKey(name)) {
                cache.put(name, loaded);
                cachedPixels += loaded.pixelCount();
                var it = cache.entrySet().iterator();
                while (cachedPixels > cachePixels && cache.size() > 1 && it.hasNext()) {
                    var e = it.next();
                    cachedPixels -= e.getValue().pixelCount();
                    it.remove();
                }
            }
        }
        return loaded;
    }

    private SourceImage read(String name, SourceKind kind) {
        Path file = root.resolve(name);
        try {
            var loaded = ImageLoader.DEFAULT.load(file);
            int w = loaded.width();
            int h = loaded.height();
            int[] px = RasterOps.pixels(loaded.image());
            boolean jpeg = loaded.isJpeg() && loaded.exifOrientation() == 1;
            JpegTables tables = jpeg ? tablesOrNull(loaded.bytes()) : null;
            List<TextRegion> regions = switch (kind) {
                case RECEIPT_SCAN -> readQuads(root.resolve("sources/documents_sroie/box")
                        .resolve(stem(file) + ".csv"));
                case SCENE_TEXT_PHOTO -> readQuads(root.resolve("sources/scene_text_icdar2015/gt")
                        .resolve("gt_" + stem(file) + ".txt"));
                default -> List.of();
            };
            // Camera photos stay at full resolution: their JPEG grid is the point (the generator crops or scales).
            if (Math.max(w, h) > MAX_SIDE && regions.isEmpty() && kind != SourceKind.CAMERA_PHOTO) {
                double s = (double) MAX_SIDE / Math.max(w, h);
                int nw = (int) Math.round(w * s);
                int nh = (int) Math.round(h * s);
                px = RasterOps.resize(px, w, h, nw, nh);
                w = nw;
                h = nh;
                jpeg = false;
                tables = null;
            }
            return new SourceImage(name, kind, w, h, px, regions, jpeg, tables, 0, 0);
        } catch (ImageReadException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tables are a bonus for re-saving: a JPEG the header reader does not follow is still a usable source. */
    private static JpegTables tablesOrNull(byte[] jpeg) {
        try {
            return JpegTables.read(jpeg);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    /** ICDAR-style lines "x1,y1,...,x4,y4,TEXT" (the text may contain commas: split on the first 8 only). */
    static List<TextRegion> readQuads(Path file) {
        List<TextRegion> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                line = line.replace("\uFEFF", "").strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split(",", 9);
                if (parts.length < 9) {
                    continue;
                }
                double[] q = new double[8];
                for (int i = 0; i < 8; i++) {
                    q[i] = Double.parseDouble(parts[i].strip());
                }
                out.add(TextRegion.unstyled(q, parts[8].strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read text annotations", e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + ": malformed coordinate (" + e.getMessage() + ")", e);
        }
        return List.copyOf(out);
    }

    /** The quantization tables of a JPEG source, from its headers (no decode). */
    public JpegTables jpegTables(String name) {
        try {
            return JpegTables.read(Files.readAllBytes(root.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot read", e);
        }
    }

        /** Number of sources per kind and split, for reports. */
    public Map<SourceKind, Map<Split, Integer>> counts() {
        Map<SourceKind, Map<Split, Integer>> out = new EnumMap<>(SourceKind.class);
        for (Task t : Task.values()) {
            for (SourceKind k : kinds(t)) {
                Map<Split, Integer> m = new EnumMap<>(Split.class);
                for (Split s : Split.values()) {
                    m.put(s, names(k, s).size());
                }
                out.put(k, m);
            }
        }
        return out;
    }
}
