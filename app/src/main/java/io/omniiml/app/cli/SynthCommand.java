package io.omniiml.app.cli;

import io.omniiml.api.ExitCodes;
import io.omniiml.core.data.Task;
import io.omniiml.synth.DatasetWriter;
import io.omniiml.synth.PrefetchingIterator;
import io.omniiml.synth.SampleGenerator;
import io.omniiml.synth.Split;
import io.omniiml.synth.SyntheticSample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code omniiml synth}: writes generated tampered/authentic samples in the IMDL-BenCo layout plus a manifest. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Generate tampered and authentic samples with exact masks, boxes and descriptions "
                + "(DIR/Tp, DIR/Gt, DIR/manifest.json, DIR/benco.json).")
public final class SynthCommand implements Callable<Integer> {
    @Option(names = "--task", description = "natural, document, face or scene_text; omitted: all four at the paper's "
            + "ratio 10:5:2:20")
    String task;

    @Option(names = "--count", required = true, description = "number of samples")
    int count;

    @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--start", defaultValue = "0", description = "first sample index (default: ${DEFAULT-VALUE})")
    long start;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--split", defaultValue = "train", description = "train, val or test: which source images "
            + "(default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--size", defaultValue = "512", description = "largest crop side, multiple of 8 (default: "
            + "${DEFAULT-VALUE})")
    int size;

    @Option(names = "--authentic-fraction", defaultValue = "0.15", description = "share of untouched samples "
            + "(default: ${DEFAULT-VALUE})")
    double authenticFraction;

    @Option(names = "--sources", description = "data root with sources/ and clean/ (default: $OMNIIML_SHARED/data "
            + "or /work/shared/data)")
    Path sources;

    @Option(names = "--threads", description = "generator threads (default: cores - 1, at least 1)")
    Integer threads;

    @Option(names = "--permissive-only", description = "only redistributable sources (BSD/Apache photos, rendered "
            + "documents); used for the bundled samples")
    boolean permissiveOnly;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--count must be >= 1");
        }
        SampleGenerator.Builder b = SampleGenerator.builder().setSplit(Split.fromId(split)).optSeed(seed)
                .optCropSize(size).optAuthenticFraction(authenticFraction).optPermissiveOnly(permissiveOnly);
        if (task != null) {
            b.optTask(Task.fromId(task));
        } else if (permissiveOnly) {
            // Faces and scene text have no redistributable sources: natural photos and rendered documents only.
            b.optTaskRatios(java.util.Map.of(Task.NATURAL, 1.0, Task.DOCUMENT, 1.0));
        }
        if (sources != null) {
            b.optSources(sources);
        }
        if (threads != null) {
            b.optThreads(threads);
        }
        SampleGenerator gen = b.build();
        DatasetWriter writer = new DatasetWriter(out);
        long t0 = System.nanoTime();
        try (PrefetchingIterator it = gen.prefetchingIterator(start)) {
            for (int i = 0; i < count; i++) {
                SyntheticSample s = it.next();
                writer.add(s);
            }
        }
        writer.finish(out.getFileName() == null ? "synth" : out.getFileName().toString());
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "wrote %d samples to %s in %.1f s (%.2f samples/s)%n", count, out, secs,
                count / secs);
        return ExitCodes.OK;
    }
}
