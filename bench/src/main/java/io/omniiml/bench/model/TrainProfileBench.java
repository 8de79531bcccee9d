package io.omniiml.bench.model;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.model.OmniImlModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a training step's time goes: PyTorch's own profiler (through DJL) around a few steps of
 * {@link ModelBench}'s batch, as operator SELF time (an operator's duration minus the operators nested in it, so
 * nothing is counted twice), summed by kind (convolution forward and backward, matrix products, everything else)
 * and per operator and input shapes, largest first. The kinds answer what the FLOP fraction can reach at most: the
 * FLOPs sit in convolutions and matrix products, the rest is memory-bound time that no faster kernel removes.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp bench/target/benchmarks.jar io.omniiml.bench.model.TrainProfileBench \
 *     [config or FILE.json] [steps] [trace.json]          (defaults: tiny 3 train-profile.json; Chrome trace kept)
 * </pre>
 */
public final class TrainProfileBench {
    private static final int ROWS = 30;

    private TrainProfileBench() {
    }

    /** One profiled operator call. */
    private record Call(String name, String shapes, long thread, double start, double duration) {
        double end() {
            return start + duration;
        }
    }

    public static void main(String[] args) throws IOException {
        String name = args.length > 0 ? args[0] : "tiny";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path trace = Path.of(args.length > 2 ? args[2] : "train-profile.json").toAbsolutePath();
        try (OmniImlModel model = OmniImlModel.untrained(ModelBench.config(name), 1)) {
            ModelBench.trainImagesPerSecond(model, 8, 256, 2); // warm-up outside the profile
            JniUtils.startProfile(false, true, false);
            ModelBench.trainImagesPerSecond(model, 8, 256, steps);
            JniUtils.stopProfile(trace.toString());
        }
        print(selfTimes(read(trace)), steps + 1); // trainImagesPerSecond runs one warm-up step of its own
    }

    private static List<Call> read(Path trace) throws IOException {
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        List<Call> calls = new ArrayList<>();
        for (JsonNode e : root.isArray() ? root : root.get("traceEvents")) {
            if ("X".equals(e.path("ph").asText())) {
                calls.add(new Call(e.path("name").asText(), e.path("shape").toString(), e.path("tid").asLong(),
                        e.path("ts").asDouble(), e.path("dur").asDouble()));
            }
        }
        // per thread by start; an enclosing call (same start, longer) before the calls it encloses
        calls.sort(Comparator.comparingLong(Call::thread).thenComparingDouble(Call::start)
                .thenComparing(Comparator.comparingDouble(Call::duration).reversed()));
        return calls;
    }

    /** Self time (µs) of each call. */
    private static Map<Call, Double> selfTimes(List<Call> calls) {
        Map<Call, Double> self = new IdentityHashMap<>();
        Deque<Call> open = new ArrayDeque<>();
        long thread = Long.MIN_VALUE;
        for (Call c : calls) {
            if (c.thread() != thread) {
                open.clear();
                thread = c.thread();
            }
            while (!open.isEmpty() && open.peek().end() <= c.start()) {
                open.pop();
            }
            self.put(c, c.duration());
            if (!open.isEmpty()) {
                self.merge(open.peek(), -c.duration(), Double::sum);
            }
            open.push(c);
        }
        return self;
    }

    private static String kind(String op) {
        if (op.contains("conv")) {
            return "convolution (fwd + bwd)";
        }
        return op.equals("aten::mm") || op.equals("aten::addmm") || op.equals("aten::bmm") ? "matrix product"
                : "other (element-wise, norms, activations, copies, resampling)";
    }

    private static void print(Map<Call, Double> self, int steps) {
        Map<String, Double> byKind = new TreeMap<>();
        Map<String, double[]> byOp = new TreeMap<>();
        double total = 0;
        for (Map.Entry<Call, Double> e : self.entrySet()) {
            Call c = e.getKey();
            byKind.merge(kind(c.name()), e.getValue(), Double::sum);
            double[] acc = byOp.computeIfAbsent(c.name() + " " + c.shapes(), k -> new double[2]);
            acc[0] += e.getValue();
            acc[1]++;
            total += e.getValue();
        }
        System.out.printf("profiled %d steps: operator self time %.1f ms per step%n", steps, total / 1000 / steps);
        System.out.println("| kind | ms/step | share |");
        System.out.println("| --- | --- | --- |");
        for (Map.Entry<String, Double> e : byKind.entrySet()) {
            System.out.printf("| %s | %.1f | %.1f%% |%n", e.getKey(), e.getValue() / 1000 / steps, 100 * e.getValue() / total);
        }
        System.out.println();
        System.out.println("| ms/step | share | calls/step | operator [input shapes] |");
        System.out.println("| --- | --- | --- | --- |");
        final double all = total;
        byOp.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(ROWS)
                .forEach(e -> System.out.printf("| %.2f | %.1f%% | %.0f | %s |%n", e.getValue()[0] / 1000 / steps,
                        100 * e.getValue()[0] / all, e.getValue()[1] / steps, e.getKey()));
    }
}
