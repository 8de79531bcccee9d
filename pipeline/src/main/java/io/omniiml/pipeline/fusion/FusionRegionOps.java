package io.omniiml.pipeline.fusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.analysers.CopyMoveAnalyzer;
import io.omniiml.analysers.WorkingGrid;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.Segmentation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which sources found each region of the fused mask, and, for copy-move clones, which copy the network
 * considers inserted. A source "contributed" to a region when at least {@value #CONTRIBUTION_SHARE} of the
 * region's pixels are above the threshold in that source's own map.
 */
public final class FusionRegionOps {
    public static final double CONTRIBUTION_SHARE = 0.25;
    /** The network must differ by this much (mean probability) between the two copies to call one inserted. */
    public static final double INSERTED_MARGIN = 0.1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private FusionRegionOps() {
    }

    /**
     * One copy-move clone as the network sees it.
     *
     * @param match           the clone (boxes in image pixels)
     * @param networkSource   mean network probability over the source side's verified pixels (NaN when none)
     * @param networkCopy     the same over the destination side
     * @param inserted        "source", "destination" or "undecided"
     */
    public record CloneView(CopyMoveAnalyzer.Clone match, double networkSource, double networkCopy, String inserted) {
    }

    /**
     * One region of the fused mask.
     *
     * @param box        its bounding box
     * @param pixels     its pixel count
     * @param sources    contributing sources ("network", "copymove", "ela", "noise"), in that order
     * @param means      mean of each source's map (and "fused") inside the region
     * @param cloneIndex index into the clone list when the region overlaps a clone side, else -1
     * @param side       "source" or "destination" for that clone, else null
     */
    public record Region(Box box, long pixels, List<String> sources, Map<String, Double> means, int cloneIndex, String side) {
    }

    /** How the network judges each clone: mean probability over each side's verified (score > 0.5) pixels. */
    public static List<CloneView> clones(List<CopyMoveAnalyzer.Clone> clones, ProbabilityMap network, ProbabilityMap copyMove) {
        List<CloneView> out = new ArrayList<>();
        for (CopyMoveAnalyzer.Clone c : clones) {
            double src = meanInside(network, copyMove, c.source());
            double dst = meanInside(network, copyMove, c.destination());
            String inserted = "undecided";
            if (!Double.isNaN(src) && !Double.isNaN(dst) && Math.abs(src - dst) >= INSERTED_MARGIN) {
                inserted = dst > src ? "destination" : "source";
            }
            out.add(new CloneView(c, src, dst, inserted));
        }
        return out;
    }

    /** Mean of {@code map} over the pixels of {@code box} where {@code where} > 0.5 (the whole box when none). */
    static double meanInside(ProbabilityMap map, ProbabilityMap where, Box box) {
        double sum = 0;
        long n = 0;
        double all = 0;
        long nAll = 0;
        int x1 = Math.min(map.width(), box.x() + box.width());
        int y1 = Math.min(map.height(), box.y() + box.height());
        for (int y = Math.max(0, box.y()); y < y1; y++) {
            for (int x = Math.max(0, box.x()); x < x1; x++) {
                float v = map.get(x, y);
                if (Float.isNaN(v)) {
                    continue;
                }
                all += v;
                nAll++;
                if (where.values()[WorkingGrid.index(x, y, map.width(), map.height(), where.width(), where.height())] > 0.5f) {
                    sum += v;
                    n++;
                }
            }
        }
        return n > 0 ? sum / n : nAll > 0 ? all / nAll : Double.NaN;
    }

    /**
     * The regions of {@code mask} (8-connected, at least {@code minArea} pixels, largest first) with their sources.
     *
     * @param maps source name to its map (at mask size, or an evidence map at its working grid, read by
     *             {@link WorkingGrid#index}; NaN counts as 0), e.g. network, copymove, ela, noise, in report order
     */
    public static List<Region> regions(Mask mask, ProbabilityMap fused, Map<String, ProbabilityMap> maps,
                                       double threshold, int minArea, List<CloneView> clones) {
        return regions(Segmentation.of(mask, fused, threshold, Math.max(1, minArea)), fused, maps, clones);
    }

    /**
     * The regions of a segmentation of the fused map (the same regions, in the same order, as its boxes) with their
     * sources: a source counts when at least {@value #CONTRIBUTION_SHARE} of the region's pixels lie above the
     * segmentation's threshold in its map.
     *
     * @param maps source name to its map (at the segmentation's size, or an evidence map at its working grid, read
     *             by {@link WorkingGrid#index}; NaN counts as 0), in report order
     */
    public static List<Region> regions(Segmentation segmentation, ProbabilityMap fused, Map<String, ProbabilityMap> maps,
                                       List<CloneView> clones) {
        int[] labels = segmentation.labels();
        double threshold = segmentation.threshold();
        int count = 0;
        for (int l : labels) {
            count = Math.max(count, l);
        }
        // region index per label; -1: no region (too small)
        int[] index = new int[count + 1];
        java.util.Arrays.fill(index, -1);
        List<Segmentation.Region> segRegions = segmentation.regions();
        for (int r = 0; r < segRegions.size(); r++) {
            index[segRegions.get(r).label()] = r;
        }
        List<String> names = new ArrayList<>(maps.keySet());
        int n = segRegions.size();
        long[][] above = new long[n][names.size()];
        double[][] sums = new double[n][names.size() + 1];
        int w = segmentation.width();
        int h = segmentation.height();
        List<float[]> values = names.stream().map(name -> maps.get(name).values()).toList();
        int[] mapWidths = names.stream().mapToInt(name -> maps.get(name).width()).toArray();
        int[] mapHeights = names.stream().mapToInt(name -> maps.get(name).height()).toArray();
        List<int[]> columns = names.stream().map(name -> WorkingGrid.columns(w, maps.get(name).width())).toList();
        float[] f = fused.values();
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l == 0 || index[l] < 0) {
                continue;
            }
            int r = index[l];
            int x = i % w;
            int y = i / w;
            for (int s = 0; s < names.size(); s++) {
                float v = values.get(s)[WorkingGrid.row(y, h, mapHeights[s]) * mapWidths[s] + columns.get(s)[x]];
                if (v > threshold) {
                    above[r][s]++;
                }
                sums[r][s] += Float.isNaN(v) ? 0 : v;
            }
            sums[r][names.size()] += f[i];
        }
        List<Region> out = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            Segmentation.Region seg = segRegions.get(r);
            long pixels = seg.pixels();
            Box box = seg.box();
            List<String> sources = new ArrayList<>();
            Map<String, Double> means = new LinkedHashMap<>();
            for (int s = 0; s < names.size(); s++) {
                if (above[r][s] >= CONTRIBUTION_SHARE * pixels) {
                    sources.add(names.get(s));
                }
                means.put(names.get(s), sums[r][s] / pixels);
            }
            means.put("fused", sums[r][names.size()] / pixels);
            int cloneIndex = -1;
            String side = null;
            for (int c = 0; c < clones.size() && cloneIndex < 0; c++) {
                CopyMoveAnalyzer.Clone clone = clones.get(c).match();
                if (overlaps(clone.destination(), box)) {
                    cloneIndex = c;
                    side = "destination";
                } else if (overlaps(clone.source(), box)) {
                    cloneIndex = c;
                    side = "source";
                }
            }
            out.add(new Region(box, pixels, sources, means, cloneIndex, side));
        }
        return out;
    }

    /** Whether the boxes overlap by at least 30 % of the smaller one (the explainer's rule for clone partners). */
    static boolean overlaps(Box a, Box b) {
        long ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
        long iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
        long smaller = Math.min((long) a.width() * a.height(), (long) b.width() * b.height());
        return smaller > 0 && ix * iy >= 0.3 * smaller;
    }

    /** A sentence per region with its sources and, for a clone, its partner and the network's view of it. */
    public static List<String> sentences(List<Region> regions, List<CloneView> clones) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Fused region %d at (%d, %d), %dx%d px: found by %s",
                    i + 1, r.box().x(), r.box().y(), r.box().width(), r.box().height(),
                    r.sources().isEmpty() ? "the combination of weak cues (no single source above the threshold)"
                            : String.join(" + ", r.sources().stream().map(FusionRegionOps::sourceWords).toList())));
            if (r.cloneIndex() >= 0) {
                CloneView cv = clones.get(r.cloneIndex());
                boolean isCopy = "destination".equals(r.side());
                Box other = isCopy ? cv.match().source() : cv.match().destination();
                s.append(String.format(Locale.ROOT, "; duplicated from the region at (%d, %d), %dx%d px",
                        other.x(), other.y(), other.width(), other.height()));
                double here = isCopy ? cv.networkCopy() : cv.networkSource();
                double there = isCopy ? cv.networkSource() : cv.networkCopy();
                if ("undecided".equals(cv.inserted())) {
                    s.append(String.format(Locale.ROOT, "; the network cannot tell which copy was inserted (mean probability %.2f here, %.2f there)",
                            here, there));
                } else if (cv.inserted().equals(r.side())) {
                    s.append(String.format(Locale.ROOT, "; the network considers this copy the inserted one (mean probability %.2f vs %.2f)",
                            here, there));
                } else {
                    s.append(String.format(Locale.ROOT, "; the network considers the other copy the inserted one (mean probability %.2f vs %.2f here)",
                            there, here));
                }
            }
            out.add(s.append('.').toString());
        }
        return out;
    }

    private static String sourceWords(String source) {
        return switch (source) {
            case "copymove" -> "copy-move";
            case "ela" -> "error level";
            case "noise" -> "noise level";
            default -> source;
        };
    }

    /** The {@code fusion} JSON object of an analysis. */
    public static ObjectNode json(FusionRule rule, List<Region> regions, List<CloneView> clones, List<String> sentences) {
        ObjectNode o = JSON.createObjectNode();
        o.put("rule", rule.kind());
        o.put("rule_origin", rule.origin());
        ArrayNode rs = o.putArray("regions");
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            ObjectNode n = rs.addObject();
            n.put("id", i + 1);
            n.putArray("box").add(r.box().x()).add(r.box().y()).add(r.box().width()).add(r.box().height());
            n.put("pixels", r.pixels());
            ArrayNode src = n.putArray("sources");
            r.sources().forEach(src::add);
            ObjectNode means = n.putObject("mean");
            r.means().forEach((k, v) -> means.put(k, round(v)));
            if (r.cloneIndex() >= 0) {
                n.put("clone", r.cloneIndex() + 1);
                n.put("clone_side", r.side());
            }
        }
        ArrayNode cs = o.putArray("clones");
        for (int i = 0; i < clones.size(); i++) {
            CloneView cv = clones.get(i);
            ObjectNode n = cs.addObject();
            n.put("id", i + 1);
            Box a = cv.match().source();
            Box b = cv.match().destination();
            n.putArray("source").add(a.x()).add(a.y()).add(a.width()).add(a.height());
            n.putArray("destination").add(b.x()).add(b.y()).add(b.width()).add(b.height());
            n.put("inliers", cv.match().inliers());
            n.put("network_mean_source", round(cv.networkSource()));
            n.put("network_mean_destination", round(cv.networkCopy()));
            n.put("inserted", cv.inserted());
        }
        ArrayNode ss = o.putArray("sentences");
        sentences.forEach(ss::add);
        return o;
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : 0;
    }
}
