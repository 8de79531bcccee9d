package io.omniiml.training;

import io.omniiml.core.data.Task;
import io.omniiml.training.step.TrainingBatch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prepares the batches of steps start, start+1, ... on worker threads, {@code depth} steps ahead of the trainer.
 * Each step's batch is a pure function of the step (see {@link MultiTaskSampler}), so threads may finish in any
 * order; {@link #next()} hands them out in step order and measures how long the trainer waited.
 */
public final class BatchPrefetcher implements AutoCloseable {
    /** A batch ready for the trainer. */
    public record Prepared(long step, TrainingBatch batch, List<TrainingExample> examples, Map<Task, Integer> tasks,
                           int realCount, double buildMillis, double buildCpuMillis) {
        /** Hash of the batch's arrays: equal hashes across runs show the data were reproduced exactly. */
        public int contentHash() {
            int h = 1;
            for (TrainingExample e : examples) {
                h = 31 * h + java.util.Arrays.hashCode(e.rgb());
                h = 31 * h + java.util.Arrays.hashCode(e.dct());
                h = 31 * h + java.util.Arrays.hashCode(e.qtable());
                h = 31 * h + java.util.Arrays.hashCode(e.mask());
            }
            return h;
        }
    }

    private final MultiTaskSampler sampler;
    private final List<ExampleSource> sources;
    private final int cropSize;
    private final int depth;
    private final ExecutorService pool;
    private final java.util.ArrayDeque<Future<Prepared>> queue = new java.util.ArrayDeque<>();
    private long nextToSubmit;
    private double lastWaitMillis;

    public BatchPrefetcher(MultiTaskSampler sampler, List<ExampleSource> sources, int cropSize, int threads, int depth,
                           long startStep) {
        this.sampler = sampler;
        this.sources = sources;
        this.cropSize = cropSize;
        this.depth = depth;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "omniiml-data-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, daemons);
        this.nextToSubmit = startStep;
        fill();
    }

    private void fill() {
        while (queue.size() < depth) {
            long step = nextToSubmit++;
            queue.add(pool.submit(() -> build(step)));
        }
    }

    /** The next step's batch; blocks while the workers are behind (that time is {@link #lastWaitMillis()}). */
    public Prepared next() throws IOException {
        long t0 = System.nanoTime();
        Future<Prepared> f = queue.poll();
        fill();
        try {
            Prepared p = f.get();
            lastWaitMillis = (System.nanoTime() - t0) / 1e6;
            return p;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for training data", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("training data failed: " + c, c);
        }
    }

    /** Milliseconds the last {@link #next()} blocked (0 when the workers were ahead). */
    public double lastWaitMillis() {
        return lastWaitMillis;
    }

    /** Builds the batch of one step (called on worker threads; also usable directly). */
    public Prepared build(long step) throws IOException {
        long t0 = System.nanoTime();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = threads.getCurrentThreadCpuTime();
        List<TrainingExample> examples = new ArrayList<>();
        Map<Task, Integer> tasks = new EnumMap<>(Task.class);
        int real = 0;
        TrainingBatch.Builder batch = TrainingBatch.builder(cropSize, cropSize);
        for (MultiTaskSampler.Draw d : sampler.plan(step)) {
            LabelledImage img = sources.get(d.source()).get(d.index());
            TrainingExample ex = ExampleOps.toExample(img, cropSize, d.augment());
            ex.addTo(batch);
            examples.add(ex);
            if (d.source() >= Task.values().length) {
                real++;
            } else {
                tasks.merge(Task.values()[d.source()], 1, Integer::sum);
            }
        }
        TrainingBatch built = batch.build();
        return new Prepared(step, built, examples, tasks, real, (System.nanoTime() - t0) / 1e6,
                (threads.getCurrentThreadCpuTime() - c0) / 1e6);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
