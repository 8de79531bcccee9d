package io.omniiml.core.concurrent;

import java.util.concurrent.Callable;

/**
 * A cancellation signal for one piece of work (one analysis), checked at cheap points of the pipeline: between
 * stages, per network tile, per evidence analyser and once per row or block row inside the long pixel loops, so
 * that cancelled work stops within about a second and its memory can be collected.
 *
 * <p>The work binds its token to the running thread with {@link #callWith}; library code calls the static
 * {@link #checkpoint()}, which needs no parameter threaded through every signature (the pipeline runs one image on
 * one thread). A thread interrupt counts as cancellation too, so {@code Future.cancel(true)} also stops the work.
 * A checkpoint costs a thread-local read and a volatile read.
 *
 * <pre>{@code
 * Cancellation token = new Cancellation();
 * Future<Result> f = pool.submit(() -> Cancellation.callWith(token, () -> analyzer.analyze(image, options)));
 * ...
 * token.cancel("client left");   // the analysis throws CancelledException at its next checkpoint
 * }</pre>
 */
public final class Cancellation {
    private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

    private volatile String reason;
    private volatile long cancelledAtNanos;

    /** Asks the work to stop; the first reason given is kept. */
    public void cancel(String why) {
        synchronized (this) {
            if (reason == null) {
                cancelledAtNanos = System.nanoTime();
                reason = why == null ? "cancelled" : why;
            }
        }
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** {@link System#nanoTime()} when {@link #cancel} was first called (meaningful once cancelled). */
    public long cancelledAtNanos() {
        return cancelledAtNanos;
    }

    /** Why the work was cancelled, or null while it was not. */
    public String reason() {
        return reason;
    }

    /** Runs {@code work} on this thread with {@code token} as its cancellation signal (restoring the previous one). */
    public static <T> T callWith(Cancellation token, Callable<T> work) throws Exception {
        Cancellation previous = CURRENT.get();
        CURRENT.set(token);
        try {
            token.throwIfCancelled();
            return work.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Throws {@link CancelledException} when this token was cancelled. */
    public void throwIfCancelled() {
        String r = reason;
        if (r != null) {
            throw new CancelledException(r);
        }
    }

    /**
     * Throws {@link CancelledException} when the current thread's work was cancelled or the thread was interrupted
     * (the interrupt flag stays set); does nothing for work started without a token.
     */
    public static void checkpoint() {
        Cancellation token = CURRENT.get();
        if (token != null) {
            token.throwIfCancelled();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new CancelledException("interrupted");
        }
    }

    /** Whether {@link #checkpoint()} would throw; for callbacks that must not throw (decoder progress listeners). */
    public static boolean isCurrentCancelled() {
        Cancellation token = CURRENT.get();
        return token != null && token.isCancelled() || Thread.currentThread().isInterrupted();
    }
}
