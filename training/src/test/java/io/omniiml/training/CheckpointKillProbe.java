package io.omniiml.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Child process for {@link CheckpointsTest}: writes checkpoint after checkpoint (each a set of files that all
 * hold the same sequence number) until it is killed.
 */
public final class CheckpointKillProbe {
    static final int FILES = 12;
    static final int BYTES = 200_000;

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        for (int seq = 1; ; seq++) {
            byte[] content = new byte[BYTES];
            Arrays.fill(content, (byte) seq);
            int s = seq;
            Checkpoints.write(target, dir -> {
                for (int i = 0; i < FILES; i++) {
                    Files.write(dir.resolve("part-" + i), content);
                }
                Files.writeString(dir.resolve("sequence"), Integer.toString(s));
            });
        }
    }
}
