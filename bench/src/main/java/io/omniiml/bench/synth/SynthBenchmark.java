package io.omniiml.bench.synth;

import io.omniiml.core.data.Task;
import io.omniiml.synth.PrefetchingIterator;
import io.omniiml.synth.SampleGenerator;
import io.omniiml.synth.Split;

import java.util.Locale;

/**
 * Samples per second of the tampering engine at a given crop size, per task: on one thread (per core) and
 * through the prefetching iterator with all threads. Sources are warmed into the cache first (a trainer
 * runs for hours, so the steady state is what matters).
 *
 * <pre>java -cp ... io.omniiml.bench.synth.SynthBenchmark [samples per task, default 40] [crop, default 512]
 * [threads, default cores] [source cache megapixels, default 64; the trainer uses 24 per task]</pre>
 */
public final class SynthBenchmark {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private SynthBenchmark() {
    }

    public static void main(String[] args) {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int crop = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        long cacheMegapixels = args.length > 3 ? Long.parseLong(args[3]) : 64;
        System.out.printf(Locale.ROOT, "tampering engine, crop %d, %d samples per task, %d cores available, source cache "
                + "%d MP%n", crop, samples, Runtime.getRuntime().availableProcessors(), cacheMegapixels);
        System.out.printf(Locale.ROOT, "%-11s %14s %12s %14s %16s %20s%n", "task", "samples/s 1T", "ms/sample",
                "CPU ms/sample", "samples/s/core", "samples/s " + threads + "T prefetch");
        for (Task task : Task.values()) {
            SampleGenerator gen = SampleGenerator.builder().setSplit(Split.TRAIN).optTask(task).optSeed(1)
                    .optCropSize(crop).optThreads(threads).optCacheMegapixels(cacheMegapixels).build();
            for (int i = 0; i < samples; i++) {
                gen.generate(1_000_000 + i); // warm the source cache and the JIT
            }
            long t0 = System.nanoTime();
            long cpu0 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < samples; i++) {
                gen.generate(i);
            }
            double single = samples / ((System.nanoTime() - t0) / 1e9);
            // CPU time of this thread: samples per core-second, robust on a machine shared with other jobs.
            double cpuMs = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e6 / samples;
            long t1 = System.nanoTime();
            try (PrefetchingIterator it = gen.prefetchingIterator(2_000_000)) {
                for (int i = 0; i < samples; i++) {
                    it.next();
                }
            }
            double parallel = samples / ((System.nanoTime() - t1) / 1e9);
            System.out.printf(Locale.ROOT, "%-11s %14.2f %12.0f %14.0f %16.2f %20.2f%n", task.id(), single, 1000 / single,
                    cpuMs, 1000 / cpuMs, parallel);
        }
    }
}
