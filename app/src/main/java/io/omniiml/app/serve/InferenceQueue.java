package io.omniiml.app.serve;

import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.concurrent.CancelledException;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed number of inference workers plus a bounded waiting line. {@link #trySubmit} refuses at once (returns
 * null) when workers and line are all taken, so that an overloaded server answers 503 instead of piling up
 * decoded images in memory. Each task runs with its {@link Cancellation}: a task cancelled while waiting ends
 * without starting, a running one stops at its next checkpoint (within about a second). A slot is given back
 * when its task has really ended, so the bound on memory holds under timeouts and disconnects too, and a
 * cancelled task gives it back promptly.
 */
public final class InferenceQueue implements AutoCloseable {
    private final int workers;
    private final int capacity;
    private final Semaphore slots;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong longestStopNanos = new AtomicLong();
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

    /** Runs the task when a worker is free, under {@code token}; null when the queue is full. */
    public <T> Future<T> trySubmit(Cancellation token, Callable<T> task) {
        if (!slots.tryAcquire()) {
            return null;
        }
        try {
            return executor.submit(() -> {
                running.incrementAndGet();
                try {
                    return Cancellation.callWith(token, task);
                } catch (CancelledException e) {
                    cancelled.incrementAndGet();
                    throw e;
                } finally {
                    running.decrementAndGet();
                    slots.release();
                    if (token.isCancelled()) {
                        longestStopNanos.accumulateAndGet(System.nanoTime() - token.cancelledAtNanos(), Math::max);
                    }
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

    /** Tasks that ended because they were cancelled (timed out or abandoned by their client), since start. */
    public long cancelledCount() {
        return cancelled.get();
    }

    /** The longest time from a cancel to its slot being free again, since start (0 when none was cancelled). */
    public double longestStopSeconds() {
        return longestStopNanos.get() / 1e9;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
