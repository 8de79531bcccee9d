package io.omniiml.synth;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Samples in index order, generated ahead by worker threads into a bounded window: memory stays at
 * {@code window} samples however slow the consumer is. Output equals the sequential iterator's exactly,
 * because each sample depends only on its index. Close it to stop the workers.
 */
public final class PrefetchingIterator implements Iterator<SyntheticSample>, AutoCloseable {
    private final SampleGenerator generator;
    private final ExecutorService pool;
    private final ArrayDeque<Future<SyntheticSample>> window = new ArrayDeque<>();
    private long nextToSubmit;

    PrefetchingIterator(SampleGenerator generator, long start, int threads, int windowSize) {
        this.generator = generator;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "synth-prefetch");
            t.setDaemon(true);
            return t;
        });
        this.nextToSubmit = start;
        for (int i = 0; i < windowSize; i++) {
            submit();
        }
    }

    private void submit() {
        long index = nextToSubmit++;
        window.addLast(pool.submit(() -> generator.generate(index)));
    }

    @Override
    public boolean hasNext() {
        return !pool.isShutdown();
    }

    @Override
    public SyntheticSample next() {
        Future<SyntheticSample> head = window.pollFirst();
        submit();
        try {
            return head.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sample", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("sample generation failed: " + cause, cause);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
