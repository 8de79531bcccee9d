package io.omniiml.explain;

import io.omniiml.analysers.CopyMoveAnalyzer;
import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.EvidenceAnalyzer;
import io.omniiml.analysers.EvidenceAnalyzers;
import io.omniiml.analysers.PixelOps;
import io.omniiml.analysers.RegionStats;
import io.omniiml.analysers.SharpnessAnalyzer;
import io.omniiml.core.data.Task;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.ProbabilityMapOps;
import io.omniiml.core.mask.Segmentation;
import io.omniiml.explain.text.TextReader;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local, deterministic interpreter: turns a predicted mask (or probability map) into the Omni-273k
 * fields per region — content, absolute position, relative position, artifacts — using only what it
 * measured: mask geometry, the evidence analysers inside vs. outside each region, and OCR of text regions.
 * Configure with {@link #builder()}; an instance is reusable and thread-safe.
 */
public final class Explainer {
    /** The analysers run by default: everything except JPEG ghosts (ten re-encodes; opt in with optAnalyzers). */
    public static final List<String> DEFAULT_ANALYZERS = List.of("ela", "noise", "jpeg-dq", "jpeg-grid", "copymove",
            "sharpness", "colour", "metadata");

    private final List<EvidenceAnalyzer> analyzers;
    private final TextReader textReader;
    private final double threshold;
    private final int minArea;
    private final int maxRegions;

    private Explainer(Builder b) {
        this.analyzers = List.copyOf(b.analyzers);
        this.textReader = b.textReader != null ? b.textReader : TextReader.create();
        this.threshold = b.threshold;
        this.minArea = b.minArea;
        this.maxRegions = b.maxRegions;
    }

    public static Builder builder() {
        return new Builder();
    }

    public TextReader textReader() {
        return textReader;
    }

    /** Runs every configured analyser, by name in configuration order. */
    public Map<String, Evidence> evidence(LoadedImage image) {
        Map<String, Evidence> out = new LinkedHashMap<>();
        for (EvidenceAnalyzer a : analyzers) {
            out.put(a.name(), a.analyze(image));
        }
        return out;
    }

    public Explanation explain(LoadedImage image, Mask mask, Task hint) {
        return explain(image, ProbabilityMapOps.of(mask), hint, List.of());
    }

    public Explanation explain(LoadedImage image, ProbabilityMap prediction, Task hint, List<RegionHint> hints) {
        return explain(image, prediction, hint, hints, evidence(image));
    }

    /**
     * @param prediction tampering probability (resized bilinearly to the image when its size differs)
     * @param hint       the kind of image, or null when unknown (then OCR is tried on small regions only)
     * @param hints      optional per-region knowledge (original text); may be empty
     * @param evidence   the analyses of this image, from {@link #evidence(LoadedImage)}
     */
    public Explanation explain(LoadedImage image, ProbabilityMap prediction, Task hint, List<RegionHint> hints,
                               Map<String, Evidence> evidence) {
        int w = image.width();
        int h = image.height();
        ProbabilityMap pred = prediction.width() == w && prediction.height() == h ? prediction
                : ProbabilityMapOps.resizeBilinear(prediction, w, h);
        return explain(image, Segmentation.of(pred, threshold, minArea), hint, hints, evidence);
    }

    /**
     * Describes the regions of a segmentation made by the caller (the same one its mask and boxes come from, at the
     * caller's threshold and smallest region; this explainer's own threshold and minimum area are not used).
     *
     * @param segmentation the map cut into regions, at image size
     */
    public Explanation explain(LoadedImage image, Segmentation segmentation, Task hint, List<RegionHint> hints,
                               Map<String, Evidence> evidence) {
        int w = image.width();
        int h = image.height();
        if (segmentation.width() != w || segmentation.height() != h) {
            throw new IllegalArgumentException("segmentation " + segmentation.width() + "x" + segmentation.height()
                    + " differs from the image " + w + "x" + h);
        }
        List<Component> comps = components(segmentation, maxRegions);
        List<Explanation.Region> regions = new ArrayList<>();
        List<CopyMoveAnalyzer.Clone> clones = evidence.containsKey("copymove")
                ? CopyMoveAnalyzer.clones(evidence.get("copymove")) : List.of();
        // the gradient magnitude only in the described regions' windows, plus its image mean, in one pass over
        // the rows (no full-size luma or gradient plane)
        int described = Math.min(maxRegions, comps.size());
        List<Box> windows = new ArrayList<>();
        List<float[]> gradients = new ArrayList<>();
        for (int i = 0; i < described; i++) {
            Box win = windowOf(comps.get(i).box(), w, h);
            windows.add(win);
            gradients.add(new float[win.width() * win.height()]);
        }
        double gradientMean = described == 0 ? Double.NaN
                : SharpnessAnalyzer.gradientMean(image.image(), windows, gradients);
        for (int i = 0; i < described; i++) {
            regions.add(describe(image, hint, hints, evidence, comps, i, gradients.get(i), gradientMean, clones));
        }
        Explanation.ImageFindings findings = imageFindings(image, evidence, comps.size());
        Explanation partial = new Explanation(Explanation.SCHEMA, image.source(), w, h, hint == null ? null : hint.id(),
                "local", findings, regions, List.of());
        return new Explanation(partial.schema(), partial.source(), w, h, partial.task(), "local", findings, regions,
                sentences(partial, segmentation.minRegionPixels(), comps.size()));
    }

    private record Component(int label, Box box, long pixels, double scoreSum, Mask mask) {
    }

    /**
     * The segmentation's regions in its order. Masks only for the first {@code maxDescribed} (the ones described),
     * each over its window (the box grown by 4 px): a region's mask costs its window, not the image.
     */
    private static List<Component> components(Segmentation segmentation, int maxDescribed) {
        int w = segmentation.width();
        int[] labels = segmentation.labels();
        List<Component> out = new ArrayList<>();
        for (Segmentation.Region r : segmentation.regions()) {
            Mask m = null;
            if (out.size() < maxDescribed) {
                Box win = windowOf(r.box(), w, segmentation.height());
                byte[] bits = new byte[win.width() * win.height()];
                for (int y = 0; y < win.height(); y++) {
                    int row = (y + win.y()) * w + win.x();
                    for (int x = 0; x < win.width(); x++) {
                        bits[y * win.width() + x] = labels[row + x] == r.label() ? (byte) 1 : 0;
                    }
                }
                m = new Mask(win.width(), win.height(), bits);
            }
            out.add(new Component(r.label(), r.box(), r.pixels(), r.probabilitySum(), m));
        }
        return out;
    }

    private Explanation.Region describe(LoadedImage image, Task hint, List<RegionHint> hints, Map<String, Evidence> evidence,
                                        List<Component> comps, int index, float[] gradient, double gradientMean,
                                        List<CopyMoveAnalyzer.Clone> clones) {
        Component c = comps.get(index);
        int w = image.width();
        int h = image.height();
        Box b = c.box();
        double frac = (double) c.pixels() / ((long) w * h);
        RegionHint regionHint = bestHint(hints, b);
        Explanation.RegionText text = readText(image, hint, b, frac, regionHint);
        String content = content(image, c, frac, hint, text);
        String absolute = String.format(Locale.ROOT, "%s of the image (x %.2f-%.2f, y %.2f-%.2f of the width and height)",
                DescribeOps.positionWords(b, w, h), (double) b.x() / w, (double) b.maxX() / w, (double) b.y() / h, (double) b.maxY() / h);
        if (b.width() > 0.8 * w && b.height() > 0.8 * h) {
            absolute = "covering most of the image " + absolute.substring(absolute.indexOf('('));
        }
        String relative = relative(c, comps, index, w, h, text, clones);
        Map<String, Map<String, Object>> measurements = new TreeMap<>();
        List<Statement> statements = new ArrayList<>();
        int order = 0;
        for (Map.Entry<String, Evidence> e : evidence.entrySet()) {
            Evidence ev = e.getValue();
            order++;
            if (!ev.available()) {
                continue;
            }
            RegionStats rs = RegionStats.compare(ev, c.mask(), windowOf(b, w, h), w, h);
            Map<String, Object> m = new TreeMap<>();
            m.put("quantity", ev.quantity());
            m.put("inside", num(rs.inside()));
            m.put("outside", num(rs.outside()));
            m.put("ratio", num(rs.ratio()));
            m.put("score_inside", num(rs.scoreInside()));
            m.put("score_outside", num(rs.scoreOutside()));
            measurements.put(e.getKey(), m);
            Statement s = statement(ev, rs, c, clones, order);
            if (s != null) {
                statements.add(s);
            }
        }
        statements.add(borderStatement(c, gradient, gradientMean, w, h, order + 1));
        String artifacts = artifacts(statements);
        List<Integer> box = List.of(b.x(), b.y(), b.width(), b.height());
        List<Double> norm = List.of(r3((double) b.x() / w), r3((double) b.y() / h), r3((double) b.maxX() / w), r3((double) b.maxY() / h));
        return new Explanation.Region(index + 1, box, norm, c.pixels(), PixelOps.round(frac, 5),
                PixelOps.round(c.scoreSum() / c.pixels(), 4), new Explanation.Fields(content, absolute, relative, artifacts),
                text, measurements);
    }

    private static double r3(double v) {
        return PixelOps.round(v, 3);
    }

    private static Double num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : PixelOps.round(v, 4);
    }

    private static RegionHint bestHint(List<RegionHint> hints, Box b) {
        RegionHint best = null;
        double bestIou = 0.05;
        for (RegionHint h : hints == null ? List.<RegionHint>of() : hints) {
            double iou = h.box().iou(b);
            if (iou > bestIou) {
                bestIou = iou;
                best = h;
            }
        }
        return best;
    }

    private boolean textLikely(Task hint, double frac) {
        return hint == Task.DOCUMENT || hint == Task.SCENE_TEXT || (hint == null && frac < 0.1);
    }

    private Explanation.RegionText readText(LoadedImage image, Task hint, Box b, double frac, RegionHint regionHint) {
        String original = regionHint == null ? null : regionHint.originalText();
        if (!textLikely(hint, frac) || !textReader.available()) {
            return original == null ? null : new Explanation.RegionText("", 0, original, Map.of());
        }
        // Little horizontal margin: letters of the neighbouring words would be read as part of the region.
        int padX = Math.max(2, b.height() / 8);
        int padY = Math.max(2, b.height() / 6);
        Box crop = clip(new Box(b.x() - padX, b.y() - padY, b.width() + 2 * padX, b.height() + 2 * padY), image.width(), image.height());
        BufferedImage sub = image.image().getSubimage(crop.x(), crop.y(), crop.width(), crop.height());
        boolean singleLine = b.width() > 1.5 * b.height();
        List<TextReader.OcrWord> words = textReader.read(sub, singleLine);
        String recognized = TextReader.join(words, 30);
        double conf = TextReader.meanConfidence(words);
        boolean legible = recognized.codePoints().filter(Character::isLetterOrDigit).count() >= 2
                && conf >= (hint == null ? 70 : 50);
        if (!legible && hint == null) {
            return original == null ? null : new Explanation.RegionText("", 0, original, Map.of());
        }
        Map<String, String> neighbours = legible || hint != null ? neighbours(image, b) : Map.of();
        return new Explanation.RegionText(legible ? recognized : "", PixelOps.round(conf, 1), original, neighbours);
    }

    /** OCR of a window around the region; the words outside it, nearest first, by side. */
    private Map<String, String> neighbours(LoadedImage image, Box b) {
        int mx = Math.max(8 * b.height(), b.width());
        int my = Math.max(2 * b.height(), 12);
        Box win = clip(new Box(b.x() - mx, b.y() - my, b.width() + 2 * mx, b.height() + 2 * my), image.width(), image.height());
        if (win.width() < 8 || win.height() < 8) {
            return Map.of();
        }
        List<TextReader.OcrWord> words = textReader.read(image.image().getSubimage(win.x(), win.y(), win.width(), win.height()), false);
        Map<String, List<TextReader.OcrWord>> sides = new TreeMap<>();
        for (TextReader.OcrWord wd : words) {
            if (wd.confidence() < 40 || wd.text().codePoints().noneMatch(Character::isLetterOrDigit)) {
                continue;
            }
            Box wb = new Box(wd.x() + win.x(), wd.y() + win.y(), wd.width(), wd.height());
            boolean cutLeft = win.x() > 0 && wb.x() <= win.x() + 2;
            boolean cutRight = win.maxX() < image.width() && wb.maxX() >= win.maxX() - 2;
            if (cutLeft || cutRight) {
                continue; // a word cut by the window's edge would be quoted wrongly
            }
            double cx = wb.x() + wb.width() / 2.0;
            double cy = wb.y() + wb.height() / 2.0;
            if (cx >= b.x() && cx < b.maxX() && cy >= b.y() && cy < b.maxY()) {
                continue; // the region's own text
            }
            boolean sameLine = cy >= b.y() && cy < b.maxY();
            String side = sameLine ? (cx < b.x() ? "left" : "right") : (cy < b.y() ? "above" : "below");
            sides.computeIfAbsent(side, k -> new ArrayList<>()).add(new TextReader.OcrWord(wd.text(), wd.confidence(),
                    wb.x(), wb.y(), wb.width(), wb.height()));
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, List<TextReader.OcrWord>> e : sides.entrySet()) {
            List<TextReader.OcrWord> list = new ArrayList<>(e.getValue());
            String side = e.getKey();
            if (side.equals("left") || side.equals("right")) {
                list.sort(Comparator.comparingInt(TextReader.OcrWord::x));
                List<TextReader.OcrWord> pick = side.equals("left") ? list.subList(Math.max(0, list.size() - 3), list.size())
                        : list.subList(0, Math.min(3, list.size()));
                out.put(side, join(pick));
            } else {
                // The nearest line: words whose centre is within half a line of the closest word's centre.
                list.sort(Comparator.comparingDouble((TextReader.OcrWord wd) -> Math.abs(wd.y() + wd.height() / 2.0 - (b.y() + b.height() / 2.0)))
                        .thenComparingInt(TextReader.OcrWord::x));
                TextReader.OcrWord first = list.get(0);
                double line = first.y() + first.height() / 2.0;
                List<TextReader.OcrWord> same = new ArrayList<>();
                for (TextReader.OcrWord wd : list) {
                    if (Math.abs(wd.y() + wd.height() / 2.0 - line) < Math.max(4, first.height() / 2.0)) {
                        same.add(wd);
                    }
                }
                same.sort(Comparator.comparingInt(TextReader.OcrWord::x));
                out.put(side, join(same.subList(0, Math.min(6, same.size()))));
            }
        }
        return out;
    }

    private static String join(List<TextReader.OcrWord> words) {
        StringBuilder sb = new StringBuilder();
        for (TextReader.OcrWord wd : words) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(wd.text());
        }
        return sb.toString();
    }

    private static Box clip(Box b, int w, int h) {
        int x0 = Math.max(0, b.x());
        int y0 = Math.max(0, b.y());
        int x1 = Math.min(w, b.maxX());
        int y1 = Math.min(h, b.maxY());
        return new Box(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }

    private String content(LoadedImage image, Component c, double frac, Task hint, Explanation.RegionText text) {
        Box b = c.box();
        double[] rgb = meanColour(image, c);
        String general = String.format(Locale.ROOT, "a %dx%d px region (%.1f%% of the image), %s, mostly %s",
                b.width(), b.height(), 100 * frac, DescribeOps.shapeWords(b, c.pixels()), DescribeOps.colourName(rgb[0], rgb[1], rgb[2]));
        String original = text != null && text.original() != null
                ? "; the original text was \"" + text.original() + "\"" : "; the original text is unknown";
        if (text != null && !text.recognized().isEmpty()) {
            return String.format(Locale.ROOT, "the text \"%s\" (OCR, confidence %.0f%%)%s; %s", text.recognized(),
                    text.confidence(), original, general);
        }
        if (hint == Task.DOCUMENT || hint == Task.SCENE_TEXT) {
            String why = textReader.available() ? "no legible text found by OCR" : textReader.unavailableReason();
            return why + (text != null && text.original() != null ? original : "") + "; " + general;
        }
        return general;
    }

    private static double[] meanColour(LoadedImage image, Component c) {
        byte[] m = c.mask().data();
        double r = 0, g = 0, bl = 0;
        long n = 0;
        Box b = c.box();
        Box win = windowOf(b, image.width(), image.height());
        int[] px = new int[b.width()];
        for (int y = b.y(); y < b.maxY(); y++) {
            image.image().getRGB(b.x(), y, b.width(), 1, px, 0, b.width());
            for (int x = b.x(); x < b.maxX(); x++) {
                int i = x - b.x();
                if (m[(y - win.y()) * win.width() + x - win.x()] != 0) {
                    r += (px[i] >> 16) & 255;
                    g += (px[i] >> 8) & 255;
                    bl += px[i] & 255;
                    n++;
                }
            }
        }
        return n == 0 ? new double[]{0, 0, 0} : new double[]{r / n, g / n, bl / n};
    }

    private String relative(Component c, List<Component> comps, int index, int w, int h, Explanation.RegionText text,
                            List<CopyMoveAnalyzer.Clone> clones) {
        List<String> parts = new ArrayList<>();
        if (text != null && text.neighbours() != null && !text.neighbours().isEmpty()) {
            Map<String, String> n = text.neighbours();
            if (n.containsKey("left") || n.containsKey("right")) {
                List<String> line = new ArrayList<>();
                if (n.containsKey("left")) {
                    line.add("right of \"" + n.get("left") + "\"");
                }
                if (n.containsKey("right")) {
                    line.add("left of \"" + n.get("right") + "\"");
                }
                parts.add(String.join(" and ", line) + " on the same line");
            }
            if (n.containsKey("above")) {
                parts.add("below the line \"" + n.get("above") + "\"");
            }
            if (n.containsKey("below")) {
                parts.add("above the line \"" + n.get("below") + "\"");
            }
        }
        Box centre = new Box(w / 2, h / 2, 0, 0);
        String rc = DescribeOps.relation(c.box(), centre);
        parts.add(rc.equals("overlapping") ? "at the image centre" : rc + " the image centre");
        for (CopyMoveAnalyzer.Clone clone : clones) {
            Box other = partner(clone, c.box());
            if (other != null) {
                parts.add(String.format(Locale.ROOT, "%s the region at (%d, %d) that it duplicates",
                        DescribeOps.relation(c.box(), other), other.x(), other.y()));
                break;
            }
        }
        for (int j = 0; j < Math.min(comps.size(), maxRegions); j++) {
            if (j != index) {
                parts.add(DescribeOps.relation(c.box(), comps.get(j).box()) + " region " + (j + 1));
                break;
            }
        }
        return String.join("; ", parts);
    }

    /** The other side of a clone when the region overlaps one side (by at least 30% of the smaller box). */
    private static Box partner(CopyMoveAnalyzer.Clone clone, Box region) {
        if (overlap(clone.destination(), region)) {
            return clone.source();
        }
        if (overlap(clone.source(), region)) {
            return clone.destination();
        }
        return null;
    }

    private static boolean overlap(Box a, Box b) {
        long ix = Math.max(0, Math.min(a.maxX(), b.maxX()) - Math.max(a.x(), b.x()));
        long iy = Math.max(0, Math.min(a.maxY(), b.maxY()) - Math.max(a.y(), b.y()));
        long smaller = Math.min(a.area(), b.area());
        return smaller > 0 && ix * iy >= 0.3 * smaller;
    }

    /** One artifact sentence and how remarkable it is (>= 1 = notable), with a stable order for ties. */
    private record Statement(double strength, int order, String text, String consistentName) {
    }

    private static Statement statement(Evidence ev, RegionStats rs, Component c, List<CopyMoveAnalyzer.Clone> clones, int order) {
        double in = rs.inside();
        double out = rs.outside();
        double ratio = rs.ratio();
        double dev = Double.isNaN(ratio) || ratio <= 0 ? 0 : Math.abs(Math.log(ratio)) / Math.log(1.5);
        switch (ev.analyzer()) {
            case "noise":
                return new Statement(dev, order, "noise level " + DescribeOps.ratioWords(in, out) + " its surroundings ("
                        + DescribeOps.fmt(in) + " vs " + DescribeOps.fmt(out) + " grey levels)", "noise level");
            case "ela":
                return new Statement(dev, order, "error level " + DescribeOps.ratioWords(in, out) + " the rest of the image after re-saving at quality "
                        + ev.stats().get("quality") + " (" + DescribeOps.fmt(in) + " vs " + DescribeOps.fmt(out) + ")", "error level");
            case "sharpness":
                return new Statement(dev, order, (ratio < 0.8 ? "blurrier" : ratio > 1.25 ? "sharper" : "as sharp")
                        + " than the rest of the image (sharpness " + DescribeOps.fmt(in) + " vs " + DescribeOps.fmt(out) + ")", "sharpness");
            case "colour": {
                double chroma = rs.scoreInside() - rs.scoreOutside();
                String s = "brightness " + DescribeOps.fmt(in) + " vs " + DescribeOps.fmt(out) + " of 255 outside";
                if (chroma > 0.3) {
                    s += ", and a colour balance unlike the rest of the image";
                }
                return new Statement(Math.max(Math.abs(in - out) / 40, chroma / 0.3), order, s, "colour");
            }
            case "jpeg-dq": {
                if (!Boolean.TRUE.equals(ev.stats().get("double_compressed"))) {
                    return new Statement(0, order, "no double JPEG compression in the image to compare with", "JPEG compression history");
                }
                if (in > 0.6 && out < 0.4) {
                    return new Statement(3, order, String.format(Locale.ROOT, "no trace of the first JPEG compression inside the region "
                            + "(%.0f%% of its DCT coefficients off the double-compression lattice, %.0f%% outside): it was "
                            + "compressed only once, so it was put in after the first save", 100 * in, 100 * out), null);
                }
                return new Statement(in < 0.4 ? 0 : 1, order, String.format(Locale.ROOT, "%s double JPEG compression as the rest of the image "
                        + "(%.0f%% vs %.0f%% of coefficients off the lattice)", in < 0.4 ? "the same" : "weaker", 100 * in, 100 * out),
                        "JPEG double compression");
            }
            case "jpeg-grid": {
                double gs = rs.scoreInside() - rs.scoreOutside();
                if (gs > 0.3) {
                    return new Statement(2 + gs, order, String.format(Locale.ROOT, "its 8x8 JPEG blocking grid is shifted against the image's "
                            + "(grid-shift score %.2f vs %.2f outside), as for content pasted from another JPEG", rs.scoreInside(), rs.scoreOutside()), null);
                }
                return new Statement(dev, order, "JPEG blocking strength " + DescribeOps.ratioWords(in, out) + " the rest ("
                        + DescribeOps.fmt(in) + " vs " + DescribeOps.fmt(out) + ")", "JPEG grid");
            }
            case "jpeg-ghost":
                return new Statement(Math.abs(in - out) / 10, order, String.format(Locale.ROOT, "changes least when re-saved at JPEG quality %.0f, "
                        + "the rest at %.0f", in, out), "JPEG ghosts");
            case "copymove": {
                for (CopyMoveAnalyzer.Clone clone : clones) {
                    Box other = partner(clone, c.box());
                    if (other != null) {
                        return new Statement(5, order, String.format(Locale.ROOT, "matches the region at (%d, %d), %dx%d px — a copy "
                                + "(shift %.0f, %.0f px, rotation %.0f deg, scale %.2f; %s); which of the two copies was "
                                + "inserted is not told by the matching", other.x(), other.y(),
                                other.width(), other.height(), clone.dx(), clone.dy(), clone.rotationDegrees(), clone.scale(), clone.support()), null);
                    }
                }
                return new Statement(0, order, "no duplicate of it elsewhere in the image", "duplication");
            }
            case "metadata":
                if (Double.isNaN(in)) {
                    return null;
                }
                return new Statement(dev, order, "differs from the embedded EXIF thumbnail by " + DescribeOps.fmt(in)
                        + " grey levels vs " + DescribeOps.fmt(out) + " elsewhere", "thumbnail");
            default:
                return new Statement(dev, order, ev.quantity() + " " + DescribeOps.fmt(in) + " vs " + DescribeOps.fmt(out), ev.quantity());
        }
    }

    private static Statement borderStatement(Component c, float[] gradient, double all, int w, int h, int order) {
        Mask outer = MaskOps.dilate(c.mask(), 5);
        Mask inner = MaskOps.erode(c.mask(), 5);
        Box win = windowOf(c.box(), w, h);
        double band = 0;
        long n = 0;
        for (int y = 0; y < win.height(); y++) {
            for (int x = 0; x < win.width(); x++) {
                int i = y * win.width() + x;
                if (outer.data()[i] != 0 && inner.data()[i] == 0) {
                    band += gradient[i];
                    n++;
                }
            }
        }
        double mean = n == 0 ? Double.NaN : band / n;
        double ratio = all <= 1e-6 ? Double.NaN : mean / all;
        double dev = Double.isNaN(ratio) || ratio <= 0 ? 0 : Math.abs(Math.log(ratio)) / Math.log(2.5);
        return new Statement(dev, order, "edges along its border " + DescribeOps.ratioWords(mean, all).replace(" than", "")
                + (DescribeOps.ratioWords(mean, all).startsWith("similar") ? " to" : " than") + " the image's average gradient ("
                + DescribeOps.fmt(mean) + " vs " + DescribeOps.fmt(all) + ")", "border edges");
    }

    /** The region's box grown by 4 px (clipped): morphology only needs this window. */
    private static Box windowOf(Box b, int w, int h) {
        return clip(new Box(b.x() - 4, b.y() - 4, b.width() + 8, b.height() + 8), w, h);
    }

    private static String artifacts(List<Statement> statements) {
        List<Statement> sorted = new ArrayList<>(statements);
        sorted.sort(Comparator.comparingDouble((Statement s) -> -s.strength()).thenComparingInt(Statement::order));
        List<String> notable = new ArrayList<>();
        List<String> consistent = new ArrayList<>();
        for (Statement s : sorted) {
            if (s.strength() >= 1 || s.consistentName() == null) {
                notable.add(s.text());
            } else {
                consistent.add(s.consistentName());
            }
        }
        StringBuilder sb = new StringBuilder();
        if (notable.isEmpty()) {
            sb.append("no measured artifact sets it apart from the rest of the image");
        } else {
            sb.append(String.join("; ", notable));
        }
        if (!consistent.isEmpty()) {
            sb.append("; consistent with its surroundings in ").append(String.join(", ", consistent));
        }
        return sb.toString();
    }

    private Explanation.ImageFindings imageFindings(LoadedImage image, Map<String, Evidence> evidence, int regionsFound) {
        List<String> findings = new ArrayList<>();
        Map<String, Map<String, Object>> stats = new TreeMap<>();
        Integer quality = null;
        Boolean dq = null;
        for (Map.Entry<String, Evidence> e : evidence.entrySet()) {
            findings.addAll(e.getValue().findings());
            stats.put(e.getKey(), sanitize(e.getValue().stats()));
            if (e.getKey().equals("jpeg-dq") && e.getValue().available()) {
                quality = (Integer) e.getValue().stats().get("quality_estimate");
                dq = (Boolean) e.getValue().stats().get("double_compressed");
            }
        }
        return new Explanation.ImageFindings(image.format(), quality, dq,
                textReader.available() ? "available" : textReader.unavailableReason(), regionsFound, findings, stats);
    }

    /** A JSON-safe copy: NaN and infinities become null, nested maps sorted. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> sanitize(Map<String, Object> m) {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            out.put(e.getKey(), sanitizeValue(e.getValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object sanitizeValue(Object v) {
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : d;
        }
        if (v instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? null : f.doubleValue();
        }
        if (v instanceof Map<?, ?> map) {
            return sanitize((Map<String, Object>) map);
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Explainer::sanitizeValue).toList();
        }
        return v;
    }

    /** The sentences of an explanation whose fields were replaced (the LLM adapter's use). */
    public static List<String> sentences(Explanation e) {
        return sentences(e, 0, e.image().regionsFound());
    }

    private static List<String> sentences(Explanation e, int minArea, int found) {
        List<String> out = new ArrayList<>();
        Explanation.ImageFindings f = e.image();
        StringBuilder img = new StringBuilder(String.format(Locale.ROOT, "The image is a %dx%d %s", e.width(), e.height(),
                f.format() == null ? "image" : f.format().toUpperCase(Locale.ROOT)));
        if (f.jpegQuality() != null) {
            img.append(" of JPEG quality about ").append(f.jpegQuality());
        }
        if (Boolean.TRUE.equals(f.doubleCompressed())) {
            img.append(", compressed twice (aligned double JPEG compression)");
        }
        img.append('.');
        out.add(img.toString());
        for (String s : f.findings()) {
            out.add(capitalize(s) + ".");
        }
        if (e.regions().isEmpty()) {
            out.add("No tampered region of at least " + minArea + " pixels in the prediction.");
        } else if (found > e.regions().size()) {
            out.add(String.format(Locale.ROOT, "%d tampered regions found; the %d largest are described.", found, e.regions().size()));
        }
        for (Explanation.Region r : e.regions()) {
            Explanation.Fields x = r.explanation();
            out.add(String.format(Locale.ROOT, "Region %d: %s. It is in the %s. It lies %s. Artifacts: %s.", r.id(),
                    capitalize(x.content()), x.absolutePosition(), x.relativePosition(), x.artifacts()));
        }
        return out;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Settings: analysers, OCR, threshold, minimum region area, how many regions to describe. */
    public static final class Builder {
        private List<EvidenceAnalyzer> analyzers = DEFAULT_ANALYZERS.stream().map(EvidenceAnalyzers::byName).toList();
        private TextReader textReader;
        private double threshold = 0.5;
        private int minArea;
        private int maxRegions = 10;

        public Builder optAnalyzers(List<EvidenceAnalyzer> analyzers) {
            this.analyzers = List.copyOf(analyzers);
            return this;
        }

        /** The OCR to use; default {@link TextReader#create()}; {@link TextReader#disabled(String)} turns OCR off. */
        public Builder optTextReader(TextReader textReader) {
            this.textReader = textReader;
            return this;
        }

        /**
         * Probability above which a pixel is tampered (strict >, IMDL-BenCo's convention); default 0.5. Used when the
         * explainer cuts a map itself; {@link #explain(LoadedImage, Segmentation, Task, List, Map)} takes the
         * caller's segmentation instead.
         */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** Smallest region described, in pixels; 0 (default) = {@link Segmentation#minRegionPixels(int, int)}. */
        public Builder optMinArea(int minArea) {
            this.minArea = Math.max(0, minArea);
            return this;
        }

        public Builder optMaxRegions(int maxRegions) {
            this.maxRegions = Math.max(1, maxRegions);
            return this;
        }

        public Explainer build() {
            return new Explainer(this);
        }
    }
}
