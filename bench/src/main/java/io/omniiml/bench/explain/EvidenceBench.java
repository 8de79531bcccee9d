package io.omniiml.bench.explain;

import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.EvidenceAnalyzer;
import io.omniiml.analysers.EvidenceAnalyzers;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.core.metrics.Evaluator;
import io.omniiml.core.metrics.MetricResult;
import io.omniiml.core.metrics.Protocols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scores each evidence analyser as a classical detector on labelled sets (IMDL-BenCo protocol: pixel F1 at
 * 0.5 and pixel AUC per image, averaged over the tampered images), with the mean time per image.
 * <pre>
 * java -cp ... io.omniiml.bench.explain.EvidenceBench [--analyzers a,b,...] SET_DIR...
 * </pre>
 * A set folder holds images in {@code tampered/} or {@code images/} and masks in {@code masks/}, paired by the
 * mask's name starting with the image's stem ({@code im1_t.png} / {@code im1_t_mask.png}, {@code X.jpg} / {@code X_gt.png}).
 */
public final class EvidenceBench {
    private EvidenceBench() {
    }

    public static void main(String[] args) throws IOException {
        List<String> names = new ArrayList<>(EvidenceAnalyzers.NAMES);
        List<Path> sets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--analyzers")) {
                names = List.of(args[++i].split(","));
            } else {
                sets.add(Path.of(args[i]));
            }
        }
        if (sets.isEmpty()) {
            System.err.println("usage: EvidenceBench [--analyzers a,b,...] SET_DIR...");
            System.exit(2);
        }
        System.out.println("| set | analyser | images | pixel F1@0.5 | pixel AUC | ms/image |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        for (Path set : sets) {
            List<Path[]> pairs = pairs(set);
            Map<String, Evaluator> evals = new LinkedHashMap<>();
            Map<String, Long> nanos = new LinkedHashMap<>();
            for (String n : names) {
                evals.put(n, new Evaluator());
                nanos.put(n, 0L);
            }
            for (Path[] p : pairs) {
                LoadedImage img = ImageLoader.DEFAULT.load(p[0]);
                Mask gt = MaskOps.read(p[1]);
                for (String n : names) {
                    EvidenceAnalyzer a = EvidenceAnalyzers.byName(n);
                    long t0 = System.nanoTime();
                    Evidence ev = a.analyze(img);
                    nanos.merge(n, System.nanoTime() - t0, Long::sum);
                    evals.get(n).add(p[0].getFileName().toString(), gt, ev.score(), null);
                }
            }
            for (String n : names) {
                List<MetricResult> r = evals.get(n).results();
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.0f |%n", set.getFileName(), n, pairs.size(),
                        Evaluator.find(r, Protocols.IMDLBENCO_PIXEL, "f1"), Evaluator.find(r, Protocols.PIXEL_THRESHOLD_FREE, "auc"),
                        nanos.get(n) / 1e6 / Math.max(1, pairs.size()));
            }
        }
    }

    static List<Path[]> pairs(Path set) throws IOException {
        Path images = Files.isDirectory(set.resolve("tampered")) ? set.resolve("tampered") : set.resolve("images");
        List<Path> masks;
        try (Stream<Path> s = Files.list(set.resolve("masks"))) {
            masks = s.sorted().toList();
        }
        List<Path[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(images)) {
            for (Path img : s.sorted().toList()) {
                String n = img.getFileName().toString();
                String stem = n.substring(0, n.lastIndexOf('.'));
                masks.stream().filter(m -> m.getFileName().toString().startsWith(stem + "_")).findFirst()
                        .ifPresent(m -> out.add(new Path[]{img, m}));
            }
        }
        return out;
    }
}
