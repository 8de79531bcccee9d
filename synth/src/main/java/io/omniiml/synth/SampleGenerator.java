package io.omniiml.synth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.manip.EditContext;
import io.omniiml.synth.manip.EditRecord;
import io.omniiml.synth.manip.Json;
import io.omniiml.synth.manip.Manipulation;
import io.omniiml.synth.manip.Manipulations;
import io.omniiml.synth.post.PostProcessing;
import io.omniiml.synth.source.DocumentRenderer;
import io.omniiml.synth.source.NaturalSources;
import io.omniiml.synth.source.SegmentLibrary;
import io.omniiml.synth.source.SourceImage;
import io.omniiml.synth.source.SourceKind;
import io.omniiml.synth.source.SourceLibrary;
import io.omniiml.synth.text.TextRegion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates tampered and authentic samples with exact labels, deterministically from (seed, index):
 * {@code generate(i)} returns byte-identical output whichever thread calls it and in whatever order, so a
 * trainer can prefetch in parallel and resume at any index.
 *
 * <pre>{@code
 * SampleGenerator gen = SampleGenerator.builder().setSplit(Split.TRAIN).optSeed(7).optCropSize(512).build();
 * try (var it = gen.prefetchingIterator(0)) { SyntheticSample s = it.next(); }
 * }</pre>
 */
public final class SampleGenerator {
    /** The paper's sampling ratio natural:document:face:scene text. */
    public static final Map<Task, Double> PAPER_RATIOS = Map.of(Task.NATURAL, 10.0, Task.DOCUMENT, 5.0, Task.FACE, 2.0,
            Task.SCENE_TEXT, 20.0);
    /** Bumped whenever generation changes for the same (seed, index). */
    public static final String GENERATOR_VERSION = "synth-v2";
    /** Camera hosts: fractions cropped at full resolution on the MCU grid, and off it by 1..7 px; the rest scaled. */
    static final double CAMERA_ALIGNED = 0.45;
    static final double CAMERA_SHIFTED = 0.15;

    private final Split split;
    private final Map<Task, Double> ratios;
    private final long seed;
    private final int cropSize;
    private final double authenticFraction;
    private final double secondEditProbability;
    private final int threads;
    private final SourceLibrary library;
    private final Task[] tasks;
    private final double[] cumulative;
    /** Segments, object and camera photos of the split for natural edits; null for permissive-only generation. */
    private final NaturalSources natural;
    private List<PostProcessing.NamedTables> cameraTables;

    private SampleGenerator(Builder b) {
        this.split = b.split;
        this.ratios = b.ratios;
        this.seed = b.seed;
        this.cropSize = b.cropSize;
        this.authenticFraction = b.authenticFraction;
        this.secondEditProbability = b.secondEditProbability;
        this.threads = b.threads;
        this.library = new SourceLibrary(b.sources, b.cacheMegapixels * 1_000_000L, b.permissiveOnly);
        this.natural = b.permissiveOnly ? null : new NaturalSources(library, split, new SegmentLibrary(b.sources));
        List<Task> ts = new ArrayList<>();
        List<Double> cum = new ArrayList<>();
        double total = 0;
        for (Task t : Task.values()) {
            double r = ratios.getOrDefault(t, 0.0);
            if (r > 0) {
                total += r;
                ts.add(t);
                cum.add(total);
            }
        }
        if (ts.isEmpty()) {
            throw new IllegalArgumentException("task ratios are all zero");
        }
        tasks = ts.toArray(new Task[0]);
        cumulative = new double[cum.size()];
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] = cum.get(i) / total;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Split split() {
        return split;
    }

    public long seed() {
        return seed;
    }

    public int cropSize() {
        return cropSize;
    }

    public int threads() {
        return threads;
    }

    public SourceLibrary library() {
        return library;
    }

    /** The sample at {@code index}: a pure function of (configuration, seed, index). */
    public SyntheticSample generate(long index) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, index));
        Task task = pickTask(rnd.nextDouble());
        boolean authentic = rnd.nextDouble() < authenticFraction;
        // Sub-generators per stage: a change in one stage's consumption does not shift the others.
        SplittableRandom sourceRnd = rnd.split();
        SplittableRandom editRnd = rnd.split();
        SplittableRandom postRnd = rnd.split();
        SourceImage full = library.pick(task, split, sourceRnd);
        ObjectNode cropInfo = Json.object();
        SourceImage crop = full.kind() == SourceKind.CAMERA_PHOTO ? cameraCrop(full, sourceRnd, cropInfo)
                : crop(full, sourceRnd);
        if (crop.kind() == SourceKind.RENDERED_DOCUMENT) {
            crop = DocumentRenderer.scan(crop, sourceRnd.nextLong());
        }
        Canvas canvas = new Canvas(crop.width(), crop.height(), crop.pixels());
        List<EditRecord> edits = new ArrayList<>();
        if (!authentic) {
            edit(task, canvas, crop, editRnd, edits);
            if (!edits.isEmpty() && editRnd.nextDouble() < secondEditProbability) {
                edit(task, canvas, crop, editRnd, edits);
            }
        }
        Mask editMask = canvas.mask();
        boolean tampered = !edits.isEmpty() && editMask.count() > 0;
        PostProcessing.Result post = task == Task.NATURAL && natural != null
                ? PostProcessing.apply(canvas.pixels(), canvas.width(), canvas.height(), editMask, postRnd,
                crop.jpegSource(), tampered, crop.jpegTables() == null ? null
                        : new PostProcessing.NamedTables(crop.name(), crop.jpegTables()), cameraTables())
                : PostProcessing.apply(canvas.pixels(), canvas.width(), canvas.height(), editMask, postRnd,
                crop.jpegSource(), tampered);
        Mask mask = post.mask();
        List<Box> boxes = tampered ? MaskOps.boxes(mask, 1) : List.of();
        String id = String.format(Locale.ROOT, "%s-%s-s%d-%09d", task.id(), split.id(), seed, index);
        ObjectNode manipulation = Json.object();
        manipulation.put("type", tampered ? (edits.size() == 1 ? edits.get(0).type() : "composite") : "authentic");
        manipulation.put("authentic", !tampered);
        ArrayNode steps = manipulation.putArray("steps");
        for (EditRecord e : edits) {
            ObjectNode step = Json.object();
            step.put("type", e.type());
            step.setAll(e.parameters());
            steps.add(step);
        }
        ObjectNode src = manipulation.putObject("source");
        src.put("name", crop.name());
        src.put("kind", crop.kind().name().toLowerCase(Locale.ROOT));
        src.put("jpeg", crop.jpegSource());
        src.setAll(cropInfo);
        manipulation.set("post_processing", post.parameters());
        manipulation.put("seed", seed);
        manipulation.put("index", index);
        manipulation.put("split_version", Split.VERSION);
        manipulation.put("generator_version", GENERATOR_VERSION);
        manipulation.put("mask_rule", "pixels written with blend weight >= " + Canvas.MASK_THRESHOLD);
        ObjectNode description = describe(tampered, edits, mask, boxes, crop, editMask, post);
        return new SyntheticSample(id, task, split.id(), post.image(), post.encoded(), post.format(), mask, boxes,
                description, manipulation);
    }

    private void edit(Task task, Canvas canvas, SourceImage crop, SplittableRandom rnd, List<EditRecord> edits) {
        List<Manipulation> options = new ArrayList<>();
        for (Manipulation m : Manipulations.forTask(task)) {
            if (m.appliesTo(crop)) {
                options.add(m);
            }
        }
        EditContext ctx = new EditContext(canvas, crop, rnd, (r, size) -> donor(task, crop, r, size),
                task == Task.NATURAL ? natural : null);
        for (int attempt = 0; attempt < 6 && !options.isEmpty(); attempt++) {
            Manipulation m = options.get(rnd.nextInt(options.size()));
            EditRecord r = m.apply(ctx);
            if (r != null) {
                edits.add(r);
                return;
            }
        }
    }

    private SourceImage donor(Task task, SourceImage self, SplittableRandom rnd, int maxSize) {
        SourceImage d = self;
        for (int attempt = 0; attempt < 5 && d.name().equals(self.name()); attempt++) {
            d = library.pick(task, split, rnd);
        }
        int w = Math.min(maxSize, d.width());
        int h = Math.min(maxSize, d.height());
        int x = rnd.nextInt(d.width() - w + 1);
        int y = rnd.nextInt(d.height() - h + 1);
        SourceImage c = d.crop(x, y, w, h);
        return c.kind() == SourceKind.RENDERED_DOCUMENT ? DocumentRenderer.scan(c, rnd.nextLong()) : c;
    }

    /**
     * A camera photo made a training-size host: at full resolution on the camera's MCU grid (its JPEG traces and
     * tables kept), at full resolution off the grid by 1..7 px (a re-save then is a misaligned double
     * compression), or a region scaled down to the crop size (area averaging: the traces are gone), as photos
     * are shared at smaller sizes. Photos not larger than the crop are always taken at full resolution.
     */
    private SourceImage cameraCrop(SourceImage full, SplittableRandom rnd, ObjectNode info) {
        int w = Math.min(cropSize, full.width() / 8 * 8);
        int h = Math.min(cropSize, full.height() / 8 * 8);
        int shortSide = Math.min(full.width(), full.height());
        double u = rnd.nextDouble();
        if (u < CAMERA_ALIGNED + CAMERA_SHIFTED || shortSide < 1.25 * cropSize) {
            boolean shifted = u >= CAMERA_ALIGNED && u < CAMERA_ALIGNED + CAMERA_SHIFTED && full.width() - w >= 7
                    && full.height() - h >= 7;
            int mcuW = full.jpegTables() == null ? 8 : full.jpegTables().mcuWidth();
            int mcuH = full.jpegTables() == null ? 8 : full.jpegTables().mcuHeight();
            int dx = shifted ? 1 + rnd.nextInt(7) : 0;
            int dy = shifted ? 1 + rnd.nextInt(7) : 0;
            int x = mcuW * rnd.nextInt((full.width() - w - dx) / mcuW + 1) + dx;
            int y = mcuH * rnd.nextInt((full.height() - h - dy) / mcuH + 1) + dy;
            info.put("camera_crop", shifted ? "full_resolution_off_grid" : "full_resolution_on_grid");
            info.set("camera_crop_box", Json.array(x, y, w, h));
            return full.crop(x, y, w, h);
        }
        // Scale s maps a region of cropSize / s pixels onto the crop: from the whole short side down to 1.25x.
        double minScale = (double) cropSize / shortSide;
        double scale = minScale + (1 / 1.25 - minScale) * rnd.nextDouble();
        int rw = Math.min(full.width(), (int) Math.round(w / scale));
        int rh = Math.min(full.height(), (int) Math.round(h / scale));
        int x = rnd.nextInt(full.width() - rw + 1);
        int y = rnd.nextInt(full.height() - rh + 1);
        SourceImage region = full.crop(x, y, rw, rh);
        info.put("camera_crop", "scaled");
        info.set("camera_crop_box", Json.array(x, y, rw, rh));
        info.put("camera_scale", Json.round3((double) w / rw));
        return region.withPixels(w, h, RasterOps.resize(region.pixels(), rw, rh, w, h), false, null);
    }

    /** The quantization tables of the split's camera photos, named by file, read once from their headers. */
    private synchronized List<PostProcessing.NamedTables> cameraTables() {
        if (cameraTables == null) {
            List<PostProcessing.NamedTables> out = new ArrayList<>();
            for (String name : library.names(SourceKind.CAMERA_PHOTO, split)) {
                out.add(new PostProcessing.NamedTables(name, library.jpegTables(name)));
            }
            cameraTables = List.copyOf(out);
        }
        return cameraTables;
    }

    /** A crop of at most cropSize on the 8x8 grid; for text sources one that holds a whole legible region. */
    private SourceImage crop(SourceImage full, SplittableRandom rnd) {
        int w = Math.min(cropSize, full.width() / 8 * 8);
        int h = Math.min(cropSize, full.height() / 8 * 8);
        int maxX = (full.width() - w) / 8;
        int maxY = (full.height() - h) / 8;
        List<TextRegion> legible = new ArrayList<>();
        for (TextRegion t : full.regions()) {
            Box b = t.bounds();
            if (t.legible() && t.text().length() >= 2 && b.width() < w - 16 && b.height() < h - 16) {
                legible.add(t);
            }
        }
        int x;
        int y;
        if (!legible.isEmpty()) {
            Box b = legible.get(rnd.nextInt(legible.size())).bounds();
            int loX = Math.max(0, (b.maxX() - w + 8 + 7) / 8);
            int hiX = Math.min(maxX, Math.max(0, b.x() - 8) / 8);
            int loY = Math.max(0, (b.maxY() - h + 8 + 7) / 8);
            int hiY = Math.min(maxY, Math.max(0, b.y() - 8) / 8);
            x = 8 * (hiX >= loX ? loX + rnd.nextInt(hiX - loX + 1) : Math.min(maxX, loX));
            y = 8 * (hiY >= loY ? loY + rnd.nextInt(hiY - loY + 1) : Math.min(maxY, loY));
        } else {
            x = 8 * rnd.nextInt(maxX + 1);
            y = 8 * rnd.nextInt(maxY + 1);
        }
        return full.crop(x, y, w, h);
    }

    private ObjectNode describe(boolean tampered, List<EditRecord> edits, Mask mask, List<Box> boxes, SourceImage crop,
                                Mask editMask, PostProcessing.Result post) {
        ObjectNode d = Json.object();
        if (!tampered) {
            ObjectNode c = Json.object();
            c.put("kind", "none");
            d.set("content", c);
            ObjectNode a = Json.object();
            a.put("words", "none");
            d.set("absolute_position", a);
            d.put("relative_position", "none");
            ArrayNode arts = d.putArray("artifacts");
            post.artifacts().forEach(arts::add);
            d.put("summary", "Authentic image: nothing was edited; only global processing ("
                    + post.parameters().get("type").asText() + ").");
            return d;
        }
        ObjectNode content = edits.get(0).content().deepCopy();
        content.put("area_px", mask.count());
        if (edits.size() > 1) {
            ArrayNode more = content.putArray("additional_edits");
            for (int i = 1; i < edits.size(); i++) {
                more.add(edits.get(i).content());
            }
        }
        d.set("content", content);
        ObjectNode abs = DescriptionOps.absolutePosition(boxes, mask, mask.width(), mask.height());
        d.set("absolute_position", abs);
        StringBuilder rel = new StringBuilder();
        for (EditRecord e : edits) {
            if (!rel.isEmpty()) {
                rel.append("; ");
            }
            rel.append(e.relativePosition() != null ? e.relativePosition()
                    : DescriptionOps.surroundings(crop.pixels(), editMask, crop.width()));
        }
        d.put("relative_position", rel.toString());
        ArrayNode arts = d.putArray("artifacts");
        for (EditRecord e : edits) {
            e.artifacts().forEach(arts::add);
        }
        post.artifacts().forEach(arts::add);
        d.put("summary", String.format(Locale.ROOT, "%s in the %s (%d region%s, %.1f%% of the image); %s.",
                edits.stream().map(EditRecord::type).reduce((a, b) -> a + " + " + b).orElse(""),
                abs.get("words").asText(), boxes.size(), boxes.size() == 1 ? "" : "s",
                100.0 * mask.count() / ((long) mask.width() * mask.height()), rel));
        return d;
    }

    private Task pickTask(double u) {
        for (int i = 0; i < tasks.length; i++) {
            if (u < cumulative[i]) {
                return tasks[i];
            }
        }
        return tasks[tasks.length - 1];
    }

    /** SplitMix64 finalizer of (seed, index): neighbouring indices get unrelated streams. */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Samples start, start+1, ... generated on the calling thread. */
    public Iterator<SyntheticSample> iterator(long start) {
        return new Iterator<>() {
            long next = start;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public SyntheticSample next() {
                return generate(next++);
            }
        };
    }

    /** Samples start, start+1, ... in order, generated ahead by {@link #threads()} worker threads. */
    public PrefetchingIterator prefetchingIterator(long start) {
        return new PrefetchingIterator(this, start, threads, 2 * threads);
    }

    /** Configures a generator (DJL style: set for required, opt for optional settings). */
    public static final class Builder {
        private Split split = Split.TRAIN;
        private Map<Task, Double> ratios = new EnumMap<>(PAPER_RATIOS);
        private long seed = 0;
        private int cropSize = 512;
        private double authenticFraction = 0.15;
        private double secondEditProbability = 0.15;
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        private Path sources = SourceLibrary.defaultRoot();
        private long cacheMegapixels = 64;
        private boolean permissiveOnly;

        public Builder setSplit(Split split) {
            this.split = split;
            return this;
        }

        /** Relative sampling weights per task (missing tasks get 0). */
        public Builder optTaskRatios(Map<Task, Double> ratios) {
            this.ratios = new EnumMap<>(Task.class);
            this.ratios.putAll(ratios);
            return this;
        }

        /** Only this task. */
        public Builder optTask(Task task) {
            return optTaskRatios(Map.of(task, 1.0));
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Largest crop side (a multiple of 8; smaller sources give smaller images, never upscaled). */
        public Builder optCropSize(int cropSize) {
            if (cropSize < 64 || cropSize % 8 != 0) {
                throw new IllegalArgumentException("crop size must be a multiple of 8 and >= 64, got " + cropSize);
            }
            this.cropSize = cropSize;
            return this;
        }

        public Builder optAuthenticFraction(double fraction) {
            if (fraction < 0 || fraction > 1) {
                throw new IllegalArgumentException("authentic fraction must be in [0, 1], got " + fraction);
            }
            this.authenticFraction = fraction;
            return this;
        }

        /** Probability that a tampered sample gets a second, independent edit (composite forgery). */
        public Builder optSecondEditProbability(double p) {
            this.secondEditProbability = p;
            return this;
        }

        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** The data root holding sources/ and clean/ (default: $OMNIIML_SHARED/data or /work/shared/data). */
        public Builder optSources(Path root) {
            this.sources = root;
            return this;
        }

        /** Decoded-source cache budget in megapixels (4 bytes each). */
        public Builder optCacheMegapixels(long megapixels) {
            this.cacheMegapixels = megapixels;
            return this;
        }

        /** Only redistributable sources (BSD/Apache photos, rendered documents): for bundled samples. */
        public Builder optPermissiveOnly(boolean permissiveOnly) {
            this.permissiveOnly = permissiveOnly;
            return this;
        }

        public SampleGenerator build() {
            return new SampleGenerator(this);
        }
    }
}
