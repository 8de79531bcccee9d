package io.omniiml.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Atomic replacement of checkpoint directories. A checkpoint is written completely into {@code .NAME.tmp}, then
 * {@code NAME} is renamed to {@code .NAME.old}, the new one renamed to {@code NAME}, and the old one deleted.
 * A process killed at any moment leaves either {@code NAME} or {@code .NAME.old} complete; {@link #recover} (run
 * before reading) restores the old one if the swap was cut in the middle and removes half-written temporaries.
 */
public final class Checkpoints {
    private Checkpoints() {
    }

    /** Something that writes a complete checkpoint into an empty directory. */
    @FunctionalInterface
    public interface Writer {
        void write(Path dir) throws IOException;
    }

    public static Path temporary(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp");
    }

    public static Path previous(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".old");
    }

    /** Writes {@code target} atomically (see class comment). */
    public static void write(Path target, Writer writer) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = temporary(target);
        Path old = previous(target);
        deleteTree(tmp);
        Files.createDirectories(tmp);
        writer.write(tmp);
        deleteTree(old);
        if (Files.exists(target)) {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /** Repairs what a kill during {@link #write} may have left; returns whether {@code target} exists after. */
    public static boolean recover(Path target) throws IOException {
        Path old = previous(target);
        if (!Files.exists(target) && Files.isDirectory(old)) {
            Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
        }
        deleteTree(temporary(target));
        deleteTree(old);
        return Files.isDirectory(target);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
