package io.omniiml.training.testing;

import io.omniiml.model.testing.SpliceFixtures.Splice;
import io.omniiml.training.step.TrainingBatch;

import java.util.List;

/** Training batches of the model module's synthetic splices. */
public final class SpliceBatches {
    private SpliceBatches() {
    }

    public static TrainingBatch batch(List<Splice> splices) {
        int size = splices.get(0).rgb().getWidth();
        TrainingBatch.Builder b = TrainingBatch.builder(size, size);
        for (Splice s : splices) {
            b.addSample(s.rgb(), s.dct(), s.qtable(), s.mask(), List.of(s.box()), true);
        }
        return b.build();
    }
}
