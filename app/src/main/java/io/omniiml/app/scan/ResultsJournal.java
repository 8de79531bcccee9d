package io.omniiml.app.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.pipeline.ResultJson;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code results.jsonl}: one JSON object per line, one line per input file, appended as files finish; the record
 * that makes a scan resumable.
 *
 * <p>Opening repairs what a kill can leave: bytes after the last newline (a line cut short mid-write) are
 * truncated away, and the file they described is simply analysed again. Every complete line's {@code path} counts
 * as done. {@link #append} is the single writer: it serializes the whole line first, writes it with one call and
 * flushes, and it refuses a path already recorded, so no file is ever reported twice.
 */
public final class ResultsJournal implements AutoCloseable {
    private final Path file;
    private final Set<String> done = new HashSet<>();
    private final List<String> repairs = new ArrayList<>();
    private final OutputStream out;

    private ResultsJournal(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            repairTail();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = ResultJson.MAPPER.readTree(line);
                } catch (IOException e) {
                    repairs.add("ignored an unreadable line: " + abbreviate(line));
                    continue;
                }
                if (node.hasNonNull("path")) {
                    done.add(node.get("path").asText());
                }
            }
        }
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public static ResultsJournal open(Path file) throws IOException {
        return new ResultsJournal(file);
    }

    private void repairTail() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                ch.truncate(keep);
                repairs.add("dropped an incomplete last line of " + (size - keep) + " bytes (interrupted write)");
            }
        }
    }

    public Path file() {
        return file;
    }

    /** Whether the file (absolute normalized path) already has its line. */
    public synchronized boolean isDone(String path) {
        return done.contains(path);
    }

    public synchronized int doneCount() {
        return done.size();
    }

    /** What opening had to fix, in words (empty when the file was clean). */
    public List<String> repairs() {
        return List.copyOf(repairs);
    }

    /** Appends one line for {@code record.path}; false (and nothing written) when that path is already recorded. */
    public synchronized boolean append(ObjectNode record) throws IOException {
        String path = record.get("path").asText();
        if (done.contains(path)) {
            return false;
        }
        byte[] line = (ResultJson.MAPPER.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(line);
        out.flush();
        done.add(path);
        return true;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
