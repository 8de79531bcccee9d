package io.omniiml.synth;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Which part of the data a source image belongs to. The SOURCE images themselves are split (80/10/10 by a
 * hash of their name), so a validation or test sample never reuses a photo, receipt, face or rendered
 * document that training saw. Changing the rule changes {@link #VERSION}.
 */
public enum Split {
    TRAIN, VAL, TEST;

    public static final String VERSION = "source-hash-fnv1a64-80-10-10-v1";

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Split fromId(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }

    /** The split of a source, from its stable name (path relative to the data root, or a rendered id). */
    public static Split of(String sourceName) {
        long h = 0xcbf29ce484222325L;
        for (byte b : sourceName.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        int bucket = (int) Long.remainderUnsigned(h, 100);
        return bucket < 80 ? TRAIN : bucket < 90 ? VAL : TEST;
    }
}
