package io.omniiml.bench.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.analysers.CopyMoveAnalyzer;
import io.omniiml.analysers.Evidence;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.metrics.Evaluator;
import io.omniiml.core.metrics.MetricResult;
import io.omniiml.core.metrics.Protocols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The copy-move analyser alone: pixel F1 at 0.5 (IMDL-BenCo) on labelled sets, the share of images with any
 * clone reported on authentic folders (false clones), and on a generated set ({@code manifest.json} of
 * {@code omniiml synth}) both: false clones on its samples without a copy-move step, detections and F1 on those
 * with one. Time per image and per megapixel.
 * <pre>
 * java -cp bench/target/benchmarks.jar io.omniiml.bench.explain.CopyMoveBench [--verbose]
 *     [--authentic DIR]... [--synth DIR]... [--time PHOTO WIDTH HEIGHT] LABELLED_SET...
 * </pre>
 * Settings can be overridden for experiments with system properties named after the builder's options:
 * {@code cm.maxSide}, {@code cm.keypoints} (true/false), {@code cm.denseMaxSide} (0: no dense field),
 * {@code cm.denseMaxResidual}, {@code cm.denseMinStd}, ... (see {@link #analyzer()}).
 * <p>{@code -Dcm.denseCache=DIR} (for tuning the keypoint matcher): the two matchers run separately, the dense
 * field's score map and clone count are read from DIR (written there on the first run, one file per set and
 * image; delete DIR when the dense settings change) and united with the keypoint matcher's as the analyser does
 * (maximum of the maps; an image has a clone when either matcher found one). Times are then the keypoint
 * matcher's only.
 */
public final class CopyMoveBench {
    private CopyMoveBench() {
    }

    public static void main(String[] args) throws IOException {
        List<Path> labelled = new ArrayList<>();
        List<Path> authentic = new ArrayList<>();
        List<Path> synth = new ArrayList<>();
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--authentic" -> authentic.add(Path.of(args[++i]));
                case "--synth" -> synth.add(Path.of(args[++i]));
                case "--verbose" -> verbose = true;
                case "--time" -> {
                    time(Path.of(args[i + 1]), Integer.parseInt(args[i + 2]), Integer.parseInt(args[i + 3]));
                    i += 3;
                }
                default -> labelled.add(Path.of(args[i]));
            }
        }
        CopyMoveAnalyzer analyzer = analyzer();
        System.out.println("| set | kind | images | pixel F1@0.5 | images with a clone | ms/image | ms/MP |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (Path set : labelled) {
            Run r = new Run(analyzer, verbose, set.getFileName() + "");
            for (Path[] p : EvidenceBench.pairs(set)) {
                r.add(p[0], MaskOps.read(p[1]), true);
            }
            r.print(set.getFileName() + "", "labelled");
        }
        for (Path dir : authentic) {
            Run r = new Run(analyzer, verbose, dir.getFileName() + "-authentic");
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(CopyMoveBench::isImage).sorted().toList()) {
                    r.add(p, null, false);
                }
            }
            r.print(dir.getFileName() + "", "authentic");
        }
        for (Path dir : synth) {
            JsonNode samples = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile()).get("samples");
            Run other = new Run(analyzer, verbose, dir.getFileName() + "");
            Run cm = new Run(analyzer, verbose, dir.getFileName() + "");
            for (JsonNode s : samples) {
                boolean copyMove = s.get("manipulation").toString().contains("copy_move");
                Path img = dir.resolve(s.get("image").asText());
                if (copyMove) {
                    cm.add(img, MaskOps.read(dir.resolve(s.get("mask").asText())), true);
                } else {
                    other.add(img, null, false);
                }
            }
            other.print(dir.getFileName() + "", "generated, no copy-move (false clones)");
            cm.print(dir.getFileName() + "", "generated, copy-move");
        }
    }

    /**
     * Time per megapixel of the analyser on one photo scaled (bicubic) to width x height, e.g. 4000x3000 for 12 MP:
     * one warm-up run, then the median of three, split into the two matchers.
     */
    static void time(Path photo, int width, int height) throws IOException {
        java.awt.image.BufferedImage src = javax.imageio.ImageIO.read(photo.toFile());
        java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = big.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, width, height, null);
        g.dispose();
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(big, "png", png);
        LoadedImage img = ImageLoader.DEFAULT.load(png.toByteArray(), "timing.png");
        double mp = width * (double) height / 1e6;
        System.out.println("| matcher | image | ms (median of 3) | s/MP |");
        System.out.println("| --- | --- | --- | --- |");
        String[][] runs = {{"dense field", "false", "1024"}, {"keypoints", "true", "0"}, {"union (default)", "true", "1024"}};
        for (String[] run : runs) {
            CopyMoveAnalyzer a = CopyMoveAnalyzer.builder().optKeypoints(Boolean.parseBoolean(run[1]))
                    .optDenseMaxSide(Integer.parseInt(run[2])).build();
            a.analyze(img);
            long[] ms = new long[3];
            for (int k = 0; k < ms.length; k++) {
                long t0 = System.nanoTime();
                a.analyze(img);
                ms[k] = (System.nanoTime() - t0) / 1_000_000;
            }
            java.util.Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "| %s | %dx%d | %d | %.3f |%n", run[0], width, height, ms[1], ms[1] / 1000.0 / mp);
        }
    }

    /** The default analyser with the cm.* system properties applied. */
    static CopyMoveAnalyzer analyzer() {
        CopyMoveAnalyzer.Builder b = CopyMoveAnalyzer.builder();
        intProperty("cm.maxSide", b::optMaxSide);
        intProperty("cm.maxKeypoints", b::optMaxKeypoints);
        doubleProperty("cm.ratio", b::optRatio);
        intProperty("cm.minInliers", b::optMinInliers);
        doubleProperty("cm.minCorrelation", b::optMinCorrelation);
        intProperty("cm.maxClones", b::optMaxClones);
        String keypoints = System.getProperty("cm.keypoints");
        if (keypoints != null) {
            b.optKeypoints(Boolean.parseBoolean(keypoints));
        }
        doubleProperty("cm.minShift", b::optMinShift);
        doubleProperty("cm.maxDifference", b::optMaxDifference);
        intProperty("cm.denseMaxSide", b::optDenseMaxSide);
        intProperty("cm.denseRadius", b::optDenseRadius);
        intProperty("cm.denseMinShift", b::optDenseMinShift);
        intProperty("cm.denseIterations", b::optDenseIterations);
        intProperty("cm.denseFitRadius", b::optDenseFitRadius);
        doubleProperty("cm.denseMaxResidual", b::optDenseMaxResidual);
        doubleProperty("cm.denseMinStd", b::optDenseMinStd);
        intProperty("cm.denseMinArea", b::optDenseMinArea);
        doubleProperty("cm.denseMaxDifference", b::optDenseMaxDifference);
        doubleProperty("cm.denseMinAgreement", b::optDenseMinAgreement);
        return b.build();
    }

    private static void intProperty(String name, java.util.function.IntConsumer set) {
        String v = System.getProperty(name);
        if (v != null) {
            set.accept(Integer.parseInt(v));
        }
    }

    private static void doubleProperty(String name, java.util.function.DoubleConsumer set) {
        String v = System.getProperty(name);
        if (v != null) {
            set.accept(Double.parseDouble(v));
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".tif") || n.endsWith(".bmp");
    }

    /** The dense field's part of an analysis: its score map and how many clones it found. */
    private record Dense(float[] score, int clones) {
    }

    /** The analyser with the cm.* properties but without the dense field (for -Dcm.denseCache). */
    private static CopyMoveAnalyzer withoutDense() {
        String old = System.getProperty("cm.denseMaxSide");
        System.setProperty("cm.denseMaxSide", "0");
        try {
            return analyzer();
        } finally {
            if (old == null) {
                System.clearProperty("cm.denseMaxSide");
            } else {
                System.setProperty("cm.denseMaxSide", old);
            }
        }
    }

    /** The dense field's result for one image, from the cache file or computed (and written there). */
    private static Dense dense(Path file, LoadedImage img) throws IOException {
        if (Files.exists(file)) {
            try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
                int clones = in.readInt();
                float[] v = new float[in.readInt()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readFloat();
                }
                return new Dense(v, clones);
            }
        }
        String old = System.getProperty("cm.keypoints");
        System.setProperty("cm.keypoints", "false");
        Evidence ev;
        try {
            ev = analyzer().analyze(img);
        } finally {
            if (old == null) {
                System.clearProperty("cm.keypoints");
            } else {
                System.setProperty("cm.keypoints", old);
            }
        }
        Dense d = new Dense(ev.score().values(), CopyMoveAnalyzer.clones(ev).size());
        Files.createDirectories(file.getParent());
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(d.clones);
            out.writeInt(d.score.length);
            for (float f : d.score) {
                out.writeFloat(f);
            }
        }
        return d;
    }

    private static final class Run {
        final CopyMoveAnalyzer analyzer;
        final boolean verbose;
        final Evaluator eval = new Evaluator();
        int images;
        int withClone;
        long nanos;
        double megapixels;
        boolean scored;

        final String set;

        Run(CopyMoveAnalyzer analyzer, boolean verbose, String set) {
            this.analyzer = analyzer;
            this.verbose = verbose;
            this.set = set;
        }

        void add(Path image, Mask gt, boolean score) throws IOException {
            LoadedImage img = ImageLoader.DEFAULT.load(image);
            String cache = System.getProperty("cm.denseCache");
            long t0 = System.nanoTime();
            Evidence ev;
            boolean anyClone;
            long dt;
            if (cache == null) {
                ev = analyzer.analyze(img);
                dt = System.nanoTime() - t0;
                anyClone = !CopyMoveAnalyzer.clones(ev).isEmpty();
            } else {
                ev = withoutDense().analyze(img);
                dt = System.nanoTime() - t0;
                Dense d = dense(Path.of(cache, set, image.getFileName() + ".dense"), img);
                float[] v = ev.score().values().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.max(v[i], d.score[i]);
                }
                anyClone = !CopyMoveAnalyzer.clones(ev).isEmpty() || d.clones > 0;
                ev = new Evidence(ev.analyzer(), ev.quantity(), new ProbabilityMap(img.width(), img.height(), v), ev.measure(),
                        ev.visualization(), ev.stats(), ev.findings());
            }
            nanos += dt;
            megapixels += img.width() * (double) img.height() / 1e6;
            images++;
            if (anyClone) {
                withClone++;
            }
            if (score) {
                eval.add(image.getFileName().toString(), gt, ev.score(), null);
                scored = true;
            }
            if (verbose) {
                String dump = System.getProperty("cm.dump");
                if (dump != null) {
                    javax.imageio.ImageIO.write(ev.visualization(), "png", Path.of(dump, image.getFileName().toString()).toFile());
                }
                String f1 = "";
                if (score) {
                    Evaluator one = new Evaluator();
                    one.add(image.getFileName().toString(), gt, ev.score(), null);
                    f1 = String.format(Locale.ROOT, " F1 %.3f", Evaluator.find(one.results(), Protocols.IMDLBENCO_PIXEL, "f1"));
                    long tp = 0;
                    long predicted = 0;
                    long truth = 0;
                    float[] v = ev.score().values();
                    for (int i = 0; i < v.length; i++) {
                        boolean p = v[i] > 0.5f;
                        boolean t = gt.data()[i] != 0;
                        tp += p && t ? 1 : 0;
                        predicted += p ? 1 : 0;
                        truth += t ? 1 : 0;
                    }
                    f1 += String.format(Locale.ROOT, " (precision %.3f, recall %.3f)", tp / Math.max(1.0, predicted),
                            tp / Math.max(1.0, truth));
                }
                System.out.printf(Locale.ROOT, "  %s%s %d ms kp=%s matches=%s %s%n", image.getFileName(), f1, dt / 1_000_000,
                        ev.stats().get("keypoints"), ev.stats().get("matches"), ev.findings());
            }
        }

        void print(String set, String kind) {
            String f1 = "-";
            if (scored) {
                List<MetricResult> r = eval.results();
                f1 = String.format(Locale.ROOT, "%.3f", Evaluator.find(r, Protocols.IMDLBENCO_PIXEL, "f1"));
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %s | %d (%.0f%%) | %.0f | %.0f |%n", set, kind, images, f1, withClone,
                    100.0 * withClone / Math.max(1, images), nanos / 1e6 / Math.max(1, images), nanos / 1e6 / Math.max(1e-9, megapixels));
        }
    }
}
