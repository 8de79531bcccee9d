package io.omniiml.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.metrics.Evaluator;
import io.omniiml.core.metrics.MetricResult;
import io.omniiml.core.metrics.Protocols;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.nn.NetworkOutputs;
import io.omniiml.model.nn.OmniImlNetwork;
import io.omniiml.synth.Split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Per-task evaluation on a fixed synthetic split (VAL during training, TEST for reported numbers) with the
 * IMDL-BenCo protocol: pixel F1 and IoU at 0.5 per tampered image, averaged; pixel AUC; image-level AUC over all
 * images (see {@link Evaluator}). Samples are generator indices 0..perTask-1 of each task at the training crop
 * size, unaugmented; metrics cover the image part only (padding excluded). The gate may be forced to one path.
 */
public final class SyntheticEvaluation {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Metrics of one task. */
    public record TaskMetrics(Task task, int images, int tampered, double iou, double f1, double pixelAuc,
                              double imageAuc, double imageAccuracy, double fusedFraction) {
    }

    /** Metrics of all tasks, with the mean IoU (the checkpoint criterion). */
    public record Result(String split, String gate, long seed, int perTask, Map<Task, TaskMetrics> tasks) {
        public double meanIou() {
            return tasks.values().stream().mapToDouble(TaskMetrics::iou).filter(Double::isFinite).average()
                    .orElse(Double.NaN);
        }

        public double meanF1() {
            return tasks.values().stream().mapToDouble(TaskMetrics::f1).filter(Double::isFinite).average()
                    .orElse(Double.NaN);
        }

        public ObjectNode toJson() {
            ObjectNode o = JSON.createObjectNode();
            o.put("split", split);
            o.put("split_version", Split.VERSION);
            o.put("gate", gate);
            o.put("seed", seed);
            o.put("per_task", perTask);
            o.put("protocol", Protocols.IMDLBENCO_PIXEL + " (iou, f1), " + Protocols.PIXEL_THRESHOLD_FREE
                    + " (pixel_auc), " + Protocols.IMAGE_POOLED_AUC + " (image_auc)");
            o.put("mean_iou", meanIou());
            o.put("mean_f1", meanF1());
            ObjectNode t = o.putObject("tasks");
            for (TaskMetrics m : tasks.values()) {
                ObjectNode n = t.putObject(m.task().id());
                n.put("images", m.images());
                n.put("tampered", m.tampered());
                n.put("iou", m.iou());
                n.put("f1", m.f1());
                n.put("pixel_auc", m.pixelAuc());
                n.put("image_auc", m.imageAuc());
                n.put("image_accuracy", m.imageAccuracy());
                n.put("fused_fraction", m.fusedFraction());
            }
            return o;
        }

        /** A plain-text table, one row per task plus the mean. */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "split %s (%s), gate %s, %d per task, seed %d%n", split,
                    Split.VERSION, gate, perTask, seed));
            sb.append(String.format(Locale.ROOT, "%-11s %6s %8s %7s %7s %9s %9s %7s%n", "task", "images", "tampered",
                    "IoU", "F1", "pixelAUC", "imageAUC", "fused"));
            for (TaskMetrics m : tasks.values()) {
                sb.append(String.format(Locale.ROOT, "%-11s %6d %8d %7.4f %7.4f %9.4f %9.4f %7.2f%n", m.task().id(),
                        m.images(), m.tampered(), m.iou(), m.f1(), m.pixelAuc(), m.imageAuc(), m.fusedFraction()));
            }
            sb.append(String.format(Locale.ROOT, "%-11s %6s %8s %7.4f %7.4f%n", "mean", "", "", meanIou(), meanF1()));
            return sb.toString();
        }
    }

    private final Split split;
    private final long seed;
    private final int perTask;
    private final int cropSize;
    private final int batchSize;
    private final int threads;
    private final Map<Task, List<TrainingExample>> cache = new EnumMap<>(Task.class);

    /**
     * @param tasks    tasks to evaluate (usually all four)
     * @param threads  threads generating the samples (done once; the examples are kept for later calls)
     */
    public SyntheticEvaluation(Split split, long seed, int perTask, int cropSize, int batchSize, int threads,
                               List<Task> tasks) {
        this.split = split;
        this.seed = seed;
        this.perTask = perTask;
        this.cropSize = cropSize;
        this.batchSize = batchSize;
        this.threads = threads;
        for (Task t : tasks) {
            cache.put(t, null);
        }
    }

    private List<TrainingExample> examples(Task task) {
        List<TrainingExample> cached = cache.get(task);
        if (cached != null) {
            return cached;
        }
        SyntheticSource source = new SyntheticSource(task, split, seed, cropSize);
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            List<TrainingExample> list = pool.submit(() -> IntStream.range(0, perTask).parallel().mapToObj(i -> {
                try {
                    return ExampleOps.toExample(source.get(i), cropSize, ExampleOps.Augment.NONE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList()).join();
            cache.put(task, list);
            return list;
        } finally {
            pool.shutdown();
        }
    }

    /** Evaluates {@code model}; {@code gate} is {@link OmniImlNetwork#GATE_AUTO}, GATE_VISION or GATE_FUSED. */
    public Result evaluate(OmniImlModel model, int gate) {
        Map<Task, TaskMetrics> out = new EnumMap<>(Task.class);
        for (Task task : cache.keySet()) {
            List<TrainingExample> examples = examples(task);
            Evaluator evaluator = new Evaluator();
            double fused = 0;
            for (int start = 0; start < examples.size(); start += batchSize) {
                List<TrainingExample> batch = examples.subList(start, Math.min(examples.size(), start + batchSize));
                fused += predict(model, batch, gate, evaluator);
            }
            List<MetricResult> r = evaluator.results();
            out.put(task, new TaskMetrics(task, evaluator.imageCount(), evaluator.tamperedCount(),
                    Evaluator.find(r, Protocols.IMDLBENCO_PIXEL, "iou"),
                    Evaluator.find(r, Protocols.IMDLBENCO_PIXEL, "f1"),
                    Evaluator.find(r, Protocols.PIXEL_THRESHOLD_FREE, "auc"),
                    Evaluator.find(r, Protocols.IMAGE_POOLED_AUC, "auc"),
                    Evaluator.find(r, Protocols.IMAGE_POOLED, "accuracy"),
                    examples.isEmpty() ? Double.NaN : fused / examples.size()));
        }
        return new Result(split.id(), gateName(gate), seed, perTask, out);
    }

    public static String gateName(int gate) {
        return switch (gate) {
            case OmniImlNetwork.GATE_VISION -> "vision";
            case OmniImlNetwork.GATE_FUSED -> "fused";
            default -> "auto";
        };
    }

    /** Runs one batch at inference and adds it to the evaluator; returns how many samples took the fused path. */
    private static double predict(OmniImlModel model, List<TrainingExample> batch, int gate, Evaluator evaluator) {
        int b = batch.size();
        int s = batch.get(0).size();
        int plane = s * s;
        float[] rgb = new float[b * 3 * plane];
        int[] dct = new int[b * plane];
        float[] q = new float[b * 64];
        int[] gates = new int[b];
        for (int i = 0; i < b; i++) {
            TrainingExample e = batch.get(i);
            System.arraycopy(e.rgb(), 0, rgb, i * 3 * plane, 3 * plane);
            for (int p = 0; p < plane; p++) {
                dct[i * plane + p] = e.dct()[p];
            }
            for (int k = 0; k < 64; k++) {
                q[i * 64 + k] = e.qtable()[k];
            }
            gates[i] = gate;
        }
        OmniImlNetwork net = model.network();
        try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
            NDList in = new NDList(m.create(rgb, new Shape(b, 3, s, s)), m.create(dct, new Shape(b, s, s)),
                    m.create(q, new Shape(b, 64)));
            if (gate != OmniImlNetwork.GATE_AUTO) {
                in.add(m.create(gates, new Shape(b)));
            }
            NetworkOutputs out = NetworkOutputs.of(net.forward(new ParameterStore(m, false), in, false),
                    net.filterCount(), false);
            float[] prob = out.maskLogits().getNDArrayInternal().sigmoid().toFloatArray();
            float[] score = out.scoreLogit().getNDArrayInternal().sigmoid().toFloatArray();
            float[] route = out.route().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            double fused = 0;
            for (int i = 0; i < b; i++) {
                TrainingExample e = batch.get(i);
                int w = e.validWidth();
                int h = e.validHeight();
                float[] map = new float[w * h];
                byte[] gt = new byte[w * h];
                for (int y = 0; y < h; y++) {
                    System.arraycopy(prob, i * plane + y * s, map, y * w, w);
                    System.arraycopy(e.mask(), y * s, gt, y * w, w);
                }
                Mask mask = new Mask(w, h, gt);
                evaluator.add(e.id(), mask.count() > 0 ? mask : null, new ProbabilityMap(w, h, map),
                        (double) score[i]);
                fused += route[i];
            }
            return fused;
        }
    }
}
