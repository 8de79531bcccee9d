package io.omniiml.core.concurrent;

/** Work stopped at a {@link Cancellation#checkpoint()} because it was cancelled; the message says why. */
public final class CancelledException extends RuntimeException {
    public CancelledException(String reason) {
        super("cancelled: " + reason);
    }
}
