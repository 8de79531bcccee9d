package io.omniiml.api;

/**
 * An analysis produced a non-finite number (NaN or infinity) where a result needs a number: the score, the gate
 * confidence or a pixel of the probability map. Such a result is never printed or written as a number; the input
 * is reported as failed with this message instead.
 */
public final class NonFiniteResultException extends IllegalStateException {
    public NonFiniteResultException(String message) {
        super(message);
    }
}
