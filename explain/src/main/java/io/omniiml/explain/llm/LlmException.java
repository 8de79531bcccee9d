package io.omniiml.explain.llm;

/** The LLM endpoint could not give a usable explanation; the message says why in one line. */
public class LlmException extends Exception {
    public LlmException(String message) {
        super(message);
    }

    public LlmException(String message, Throwable cause) {
        super(message, cause);
    }
}
