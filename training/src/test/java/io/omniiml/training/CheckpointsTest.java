package io.omniiml.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointsTest {

    private static void writeVersion(Path target, String version) throws IOException {
        Checkpoints.write(target, dir -> Files.writeString(dir.resolve("v"), version));
    }

    @Test
    void aWriterThatFailsLeavesThePreviousCheckpoint(@TempDir Path root) throws IOException {
        Path target = root.resolve("last");
        writeVersion(target, "1");
        assertThrows(IOException.class, () -> Checkpoints.write(target, dir -> {
            Files.writeString(dir.resolve("v"), "2");
            throw new IOException("disk full");
        }));
        assertTrue(Checkpoints.recover(target));
        assertEquals("1", Files.readString(target.resolve("v")));
        assertFalse(Files.exists(Checkpoints.temporary(target)));
        writeVersion(target, "3");
        assertEquals("3", Files.readString(target.resolve("v")));
    }

    @Test
    void aKillBetweenTheTwoRenamesIsRepaired(@TempDir Path root) throws IOException {
        Path target = root.resolve("last");
        writeVersion(target, "1");
        // the state right after "target -> .old" and before ".tmp -> target"
        Files.createDirectories(Checkpoints.temporary(target));
        Files.writeString(Checkpoints.temporary(target).resolve("v"), "2");
        Files.move(target, Checkpoints.previous(target));
        assertTrue(Checkpoints.recover(target));
        assertEquals("1", Files.readString(target.resolve("v")));
        assertFalse(Files.exists(Checkpoints.previous(target)));
        assertFalse(Files.exists(Checkpoints.temporary(target)));
    }

    @Test
    void aProcessKilledAtRandomMomentsAlwaysLeavesACompleteCheckpoint(@TempDir Path root) throws Exception {
        Path target = root.resolve("last");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long[] delays = {0, 37, 111, 173, 251};
        int lastSeen = 0;
        for (long delay : delays) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CheckpointKillProbe.class.getName(), target.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                // wait for a swap to be going on, then kill without warning (SIGKILL)
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(Checkpoints.temporary(target)) && !Files.exists(target)
                        && System.nanoTime() < until) {
                    Thread.sleep(5);
                }
                Thread.sleep(300 + delay);
            } finally {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            assertTrue(Checkpoints.recover(target), "a complete checkpoint survives (delay " + delay + ")");
            int seq = Integer.parseInt(Files.readString(target.resolve("sequence")));
            for (int i = 0; i < CheckpointKillProbe.FILES; i++) {
                byte[] part = Files.readAllBytes(target.resolve("part-" + i));
                assertEquals(CheckpointKillProbe.BYTES, part.length);
                assertEquals((byte) seq, part[part.length - 1], "part " + i + " belongs to checkpoint " + seq);
            }
            assertTrue(seq >= 1);
            lastSeen = seq;
        }
        assertTrue(lastSeen >= 1);
    }
}
