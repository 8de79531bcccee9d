package io.omniiml.app.serve;

import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.concurrent.CancelledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Callable;
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
 * decoded images in memory. Each task runs with its {@link Cancellation}; {@link #cancel} takes a task that still
 * waits out of the line and frees its slot at once, and a running one stops at its next checkpoint (within about a
 * second). A running task gives its slot back when it has really ended, so the bound on memory holds under
 * timeouts and disconnects too.
 */
public final class InferenceQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceQueue.class);
    private final int workers;
    private final int capacity;
    private final Semaphore slots;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong longestStopNanos = new AtomicLong();
    private final ThreadPoolExecutor executor;

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
                    LOG.info("analysis {} ({} ms after the cancel, at {})", e.getMessage(),
                            (System.nanoTime() - token.cancelledAtNanos()) / 1_000_000, checkpointCaller(e));
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

    /**
     * Cancels a task given by {@link #trySubmit}: one still waiting for a worker is taken out of the line and its
     * slot freed now; a running one is asked to stop (its slot is freed when it has).
     */
    public void cancel(Future<?> task, Cancellation token, String reason) {
        token.cancel(reason);
        if (task instanceof Runnable waiting && executor.remove(waiting)) {
            task.cancel(false);
            cancelled.incrementAndGet();
            slots.release();
            longestStopNanos.accumulateAndGet(System.nanoTime() - token.cancelledAtNanos(), Math::max);
        }
    }

    /** Where the work noticed its cancellation: the first frame outside {@link Cancellation}. */
    private static StackTraceElement checkpointCaller(CancelledException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (!frame.getClassName().equals(Cancellation.class.getName())) {
                return frame;
            }
        }
        return null;
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
