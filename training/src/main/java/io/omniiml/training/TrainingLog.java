package io.omniiml.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Append-only logs of a run: {@code log.jsonl} and {@code log.csv} (one line per step) and {@code validation.jsonl}
 * (one line per validation). A checkpoint records their lengths; resuming cuts them back to those lengths, so the
 * steps redone after a crash are logged once, exactly as in an uninterrupted run.
 */
public final class TrainingLog implements AutoCloseable {
    public static final String JSONL = "log.jsonl";
    public static final String CSV = "log.csv";
    public static final String VALIDATION = "validation.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** File lengths at a checkpoint. */
    public record Offsets(long jsonl, long csv, long validation) {
        public static final Offsets EMPTY = new Offsets(0, 0, 0);
    }

    private final FileChannel jsonl;
    private final FileChannel csv;
    private final FileChannel validation;

    /** Opens the logs in {@code dir}, truncated to {@code offsets} (longer files lose their tail). */
    public TrainingLog(Path dir, Offsets offsets) throws IOException {
        jsonl = open(dir.resolve(JSONL), offsets.jsonl());
        csv = open(dir.resolve(CSV), offsets.csv());
        validation = open(dir.resolve(VALIDATION), offsets.validation());
        if (csv.size() == 0) {
            write(csv, StepRecord.CSV_HEADER + "\n");
        }
    }

    private static FileChannel open(Path file, long length) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (ch.size() < length) {
            ch.close();
            throw new IOException(file + ": log is shorter (" + Files.size(file) + " bytes) than the checkpoint says ("
                    + length + "): it was edited or belongs to another run");
        }
        ch.truncate(length);
        ch.position(length);
        return ch;
    }

    private static void write(FileChannel ch, String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    public void step(StepRecord r) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("step", r.step());
        o.put("loss", r.loss().total());
        ObjectNode parts = o.putObject("parts");
        parts.put("mask_bce", r.loss().maskBce());
        parts.put("mask_dice", r.loss().maskDice());
        parts.put("aux", r.loss().aux());
        parts.put("gate", r.loss().gate());
        parts.put("box", r.loss().box());
        parts.put("image", r.loss().image());
        o.put("grad_norm", r.loss().gradientNorm());
        o.put("skipped", r.loss().skipped());
        o.put("fused_routed", r.loss().fusedRouted());
        o.put("fused_labelled", r.loss().fusedLabelled());
        o.put("lr", r.learningRate());
        o.put("img_per_s", r.imagesPerSec());
        o.put("data_ms", r.dataMillis());
        o.put("build_ms", r.buildMillis());
        o.put("build_cpu_ms", r.buildCpuMillis());
        o.put("compute_ms", r.computeMillis());
        o.put("process_cpu_s", r.processCpuSeconds());
        o.put("wall_s", r.wallSeconds());
        ObjectNode tasks = o.putObject("tasks");
        tasks.put("natural", r.natural());
        tasks.put("document", r.document());
        tasks.put("face", r.face());
        tasks.put("scene_text", r.sceneText());
        tasks.put("real", r.real());
        o.put("batch_hash", r.batchHash());
        write(jsonl, JSON.writeValueAsString(o) + "\n");
        write(csv, r.csv() + "\n");
    }

    public void validation(JsonNode result) throws IOException {
        write(validation, JSON.writeValueAsString(result) + "\n");
    }

    public Offsets offsets() throws IOException {
        return new Offsets(jsonl.position(), csv.position(), validation.position());
    }

    /** Every JSON line of a log file in {@code dir} (for the curve after a resume). */
    public static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        try (jsonl; csv; validation) {
            jsonl.force(false);
            csv.force(false);
            validation.force(false);
        }
    }
}
