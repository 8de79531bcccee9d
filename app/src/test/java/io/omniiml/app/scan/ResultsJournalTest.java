package io.omniiml.app.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.pipeline.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsJournalTest {
    static ObjectNode record(String path) {
        ObjectNode n = ResultJson.MAPPER.createObjectNode();
        n.put("path", path);
        n.put("status", "ok");
        n.put("note", "line\nbreaks and \"quotes\" stay inside one line");
        return n;
    }

    @Test
    void partialLastLineIsDroppedAndCompleteLinesCount(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("results.jsonl");
        Files.writeString(f, "{\"path\":\"/a\",\"status\":\"ok\"}\n{\"path\":\"/b\",\"status\":\"error\",\"error\":\"x\"}\n{\"path\":\"/c\",\"sta");
        try (ResultsJournal j = ResultsJournal.open(f)) {
            assertEquals(2, j.doneCount());
            assertTrue(j.isDone("/a") && j.isDone("/b"));
            assertFalse(j.isDone("/c"));
            assertEquals(1, j.repairs().size());
            assertTrue(j.append(record("/c")));
            assertFalse(j.append(record("/a")), "never twice");
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(3, lines.size());
        assertEquals("/c", ResultJson.MAPPER.readTree(lines.get(2)).get("path").asText());
    }

    @Test
    void concurrentAppendsNeverInterleave(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("results.jsonl");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ResultsJournal j = ResultsJournal.open(f)) {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                String p = "/img" + (i % 1000); // every path offered twice
                futures.add(pool.submit(() -> j.append(record(p))));
            }
            int written = 0;
            for (Future<Boolean> fu : futures) {
                written += fu.get() ? 1 : 0;
            }
            assertEquals(1000, written);
        } finally {
            pool.shutdown();
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(1000, lines.size());
        for (String line : lines) {
            assertEquals("ok", ResultJson.MAPPER.readTree(line).get("status").asText());
        }
    }
}
