package io.omniiml.app.serve;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of inference workers plus a bounded waiting line. {@link #trySubmit} refuses at once (returns
 * null) when workers and line are all taken, so that an overloaded server answers 503 instead of piling up
 * decoded images in memory. A slot is given back only when its task has really finished, even if the client
 * stopped waiting (a running network call cannot be interrupted), so the bound holds under timeouts too.
 */
public final class InferenceQueue implements AutoCloseable {
    private final int workers;
    private final int capacity;
    private final Semaphore slots;
    private final AtomicInteger running = new AtomicInteger();
    private final ExecutorService executor;

    public InferenceQueue(int workers, int waiting) {
        if (workers < 1 || waiting < 0) {
            throw new IllegalArgumentException("need workers >= 1 and waiting >= 0, got " + workers + ", " + waiting);
        }
        this.workers = workers;
        this.capacity = workers + waiting;
        this.slots = new Semaphore(capacity);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "omniiml-inference-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs the task when a worker is free; null when the queue is full. */
    public <T> Future<T> trySubmit(Callable<T> task) {
        if (!slots.tryAcquire()) {
            return null;
        }
        try {
            return executor.submit(() -> {
                running.incrementAndGet();
                try {
                    return task.call();
                } finally {
                    running.decrementAndGet();
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    public int workers() {
        return workers;
    }

    /** Workers plus waiting places. */
    public int capacity() {
        return capacity;
    }

    /** Tasks accepted and not yet finished (running or waiting). */
    public int inFlight() {
        return capacity - slots.availablePermits();
    }

    public int running() {
        return running.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
