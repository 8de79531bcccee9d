package io.omniiml.synth.source;

import io.omniiml.synth.image.Stencil;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Human segmentations of the BSDS500 photos ({@code sources/natural_segments}): label maps, two per photo (the
 * annotator with the fewest segments and the median one). A map belongs to its photo, so it has the photo's
 * split. Each label's largest 8-connected component is a {@link Segment}; only object-like ones are kept:
 * {@link #MIN_AREA_FRACTION}..{@link #MAX_AREA_FRACTION} of the photo, not touching its border (a region cut by
 * the frame pastes with a straight edge), and filling at least {@link #MIN_FILL} of its bounding box (no
 * thin outlines or rivers).
 */
public final class SegmentLibrary {
    static final String PHOTO_DIR = "sources/natural_photos/bsds500/";
    static final String MAP_DIR = "sources/natural_segments/bsds500/";
    static final String[] ANNOTATORS = {"_coarse.png", "_median.png"};
    static final double MIN_AREA_FRACTION = 0.004;
    static final double MAX_AREA_FRACTION = 0.3;
    static final double MIN_FILL = 0.25;

    /**
     * One human-drawn region in its photo's coordinates: {@code shape} holds weight 1 inside, 0 outside.
     *
     * @param map   the label map (path relative to the data root)
     * @param label its label value in the map
     */
    public record Segment(String map, int label, Stencil shape, int area) {
        public String id() {
            return map.substring(map.lastIndexOf('/') + 1, map.length() - 4) + "#" + label;
        }
    }

    private final Path root;
    private final Map<String, List<Segment>> byPhoto = new HashMap<>();

    public SegmentLibrary(Path root) {
        this.root = root;
    }

    /** Whether the photo (a source name) has segment maps. */
    public boolean covers(String photoName) {
        return photoName.startsWith(PHOTO_DIR) && Files.isRegularFile(root.resolve(mapName(photoName, 0)));
    }

    static String mapName(String photoName, int annotator) {
        String rest = photoName.substring(PHOTO_DIR.length());
        return MAP_DIR + rest.substring(0, rest.lastIndexOf('.')) + ANNOTATORS[annotator];
    }

    /** The object-like segments of a photo from both annotators (empty when it has no maps), cached. */
    public List<Segment> segmentsOf(String photoName) {
        synchronized (byPhoto) {
            List<Segment> hit = byPhoto.get(photoName);
            if (hit != null) {
                return hit;
            }
        }
        List<Segment> out = new ArrayList<>();
        if (covers(photoName)) {
            for (int a = 0; a < ANNOTATORS.length; a++) {
                out.addAll(read(mapName(photoName, a)));
            }
        }
        List<Segment> result = List.copyOf(out);
        synchronized (byPhoto) {
            byPhoto.putIfAbsent(photoName, result);
        }
        return result;
    }

    private List<Segment> read(String map) {
        BufferedImage img;
        try {
            img = ImageIO.read(root.resolve(map).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(map + ": cannot read segment map", e);
        }
        if (img == null) {
            throw new IllegalStateException(map + ": not a readable PNG");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        Raster r = img.getRaster();
        int[] labels = r.getSamples(0, 0, w, h, 0, new int[w * h]);
        return segments(map, labels, w, h);
    }

    /** The object-like segments of a label map (each label's largest 8-connected component). */
    static List<Segment> segments(String map, int[] labels, int w, int h) {
        int[] component = new int[labels.length];
        Map<Integer, int[]> best = new HashMap<>(); // label -> {size, seed index}
        int next = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < labels.length; start++) {
            if (component[start] != 0) {
                continue;
            }
            next++;
            int label = labels[start];
            int size = 0;
            component[start] = next;
            queue.add(start);
            while (!queue.isEmpty()) {
                int i = queue.poll();
                size++;
                int x = i % w;
                int y = i / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
                            int j = yy * w + xx;
                            if (component[j] == 0 && labels[j] == label) {
                                component[j] = next;
                                queue.add(j);
                            }
                        }
                    }
                }
            }
            int[] b = best.get(label);
            if (b == null || size > b[0]) {
                best.put(label, new int[]{size, next});
            }
        }
        List<Segment> out = new ArrayList<>();
        double total = (double) w * h;
        for (var e : best.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            int size = e.getValue()[0];
            int id = e.getValue()[1];
            if (size < MIN_AREA_FRACTION * total || size > MAX_AREA_FRACTION * total) {
                continue;
            }
            int x0 = w;
            int y0 = h;
            int x1 = -1;
            int y1 = -1;
            for (int i = 0; i < component.length; i++) {
                if (component[i] == id) {
                    x0 = Math.min(x0, i % w);
                    x1 = Math.max(x1, i % w);
                    y0 = Math.min(y0, i / w);
                    y1 = Math.max(y1, i / w);
                }
            }
            if (x0 == 0 || y0 == 0 || x1 == w - 1 || y1 == h - 1) {
                continue;
            }
            int bw = x1 - x0 + 1;
            int bh = y1 - y0 + 1;
            if (size < MIN_FILL * bw * bh) {
                continue;
            }
            float[] alpha = new float[bw * bh];
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    if (component[y * w + x] == id) {
                        alpha[(y - y0) * bw + (x - x0)] = 1f;
                    }
                }
            }
            out.add(new Segment(map, e.getKey(), new Stencil(x0, y0, bw, bh, alpha), size));
        }
        return out;
    }
}
