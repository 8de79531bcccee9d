package io.omniiml.training;

import io.omniiml.core.data.Task;
import io.omniiml.synth.SampleGenerator;
import io.omniiml.synth.Split;
import io.omniiml.synth.SyntheticSample;

/** One task of the tampering engine: {@code get(i)} is the generator's sample i (a pure function of seed and i). */
public final class SyntheticSource implements ExampleSource {
    /** Decoded-source cache per task generator (megapixels): four generators share the heap. */
    static final long CACHE_MEGAPIXELS = 24;

    private final SampleGenerator generator;
    private final Task task;

    public SyntheticSource(Task task, Split split, long seed, int cropSize) {
        this.task = task;
        this.generator = SampleGenerator.builder().setSplit(split).optTask(task).optSeed(seed).optCropSize(cropSize)
                .optThreads(1).optCacheMegapixels(CACHE_MEGAPIXELS).build();
    }

    @Override
    public LabelledImage get(long index) {
        return of(generator.generate(index));
    }

    static LabelledImage of(SyntheticSample s) {
        return new LabelledImage(s.id(), s.task(), s.image(), "jpeg".equals(s.format()) ? s.encoded() : null, s.mask());
    }

    @Override
    public String describe() {
        return "synthetic " + task.id() + " split=" + generator.split().id() + " seed=" + generator.seed()
                + " generator=" + SampleGenerator.GENERATOR_VERSION + " splitVersion=" + Split.VERSION;
    }
}
