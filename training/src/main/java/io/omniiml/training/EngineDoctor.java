package io.omniiml.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.omniiml.core.jpeg.JpegCoefficients;
import io.omniiml.core.jpeg.JpegEncoding;
import io.omniiml.core.mask.Box;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.infer.InputOps;
import io.omniiml.model.nn.NetworkOutputs;
import io.omniiml.training.step.LossParts;
import io.omniiml.training.step.OmniImlTrainer;
import io.omniiml.training.step.TrainingBatch;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Checks this machine's deep-learning engine in a few seconds: the allocator, the CPU's kernel path, threads, a
 * batched against a one-by-one forward pass and the float64 reference, finite loss and gradients on small training
 * steps, and the JVM's memory limit. {@code omniiml doctor} prints the checks; {@code omniiml train} runs them
 * before its first step and refuses to start when one fails (docs/model.md, "Numerics on every CPU").
 */
public final class EngineDoctor {
    /** The smallest heap with which detection of large images stays within its tiles (README, memory figures). */
    public static final long MIN_HEAP_BYTES = 1L << 30;
    /** Largest difference accepted between a batched float32 forward and the float64 reference (mask logits). */
    public static final double FORWARD_TOLERANCE = 1e-3;

    /** One check: its name, whether it passed, what was found and, when it failed, what to do. */
    public record Check(String name, boolean passed, String finding, String remedy) {
        public String line() {
            return String.format(Locale.ROOT, "%s %-22s %s%s", passed ? "PASS" : "FAIL", name, finding,
                    passed || remedy.isEmpty() ? "" : " -> " + remedy);
        }
    }

    private EngineDoctor() {
    }

    /** Runs every check; a check that throws is reported as failed with its message. */
    public static List<Check> run() {
        List<Check> checks = new ArrayList<>();
        checks.add(guarded("allocator", EngineDoctor::allocator));
        checks.add(guarded("cpu kernel path", EngineDoctor::kernelPath));
        checks.add(guarded("threads", EngineDoctor::threads));
        checks.add(guarded("jvm memory", EngineDoctor::memory));
        checks.add(guarded("batched forward", EngineDoctor::batchedForward));
        checks.add(guarded("training step", EngineDoctor::trainingStep));
        return checks;
    }

    public static boolean allPassed(List<Check> checks) {
        return checks.stream().allMatch(Check::passed);
    }

    private static Check guarded(String name, Supplier<Check> check) {
        try {
            return check.get();
        } catch (RuntimeException | Error e) {
            return new Check(name, false, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    "run through ./omniiml (it sources scripts/engine-env.sh) and report this line");
        }
    }

    static Check allocator() {
        String maps = read(Path.of("/proc/self/maps"));
        if (maps.contains("tcmalloc")) {
            return new Check("allocator", true, "tcmalloc preloaded", "");
        }
        String tunables = System.getenv().getOrDefault("GLIBC_TUNABLES", "");
        if (tunables.contains("glibc.malloc.hugetlb=1")) {
            return new Check("allocator", true, "glibc malloc with hugetlb=1 (tcmalloc is faster: apt-get install "
                    + "libtcmalloc-minimal4)", "");
        }
        return new Check("allocator", false, "plain glibc malloc (training steps measured up to 3x slower)",
                "apt-get install libtcmalloc-minimal4 and start through ./omniiml or source scripts/engine-env.sh");
    }

    static Check kernelPath() {
        String flags = cpuFlags();
        String cap = System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", "");
        String isa = flags.contains(" avx512f ") ? "AVX-512" : flags.contains(" avx2 ") ? "AVX2" : "pre-AVX2";
        String path = cap.isEmpty() ? isa : isa + ", capped by ONEDNN_MAX_CPU_ISA=" + cap;
        boolean ok = !isa.equals("pre-AVX2");
        return new Check("cpu kernel path", ok, path + " (" + Runtime.getRuntime().availableProcessors() + " cores)",
                ok ? "" : "untested kernel path: the batched-forward and training-step checks tell whether it works");
    }

    static Check threads() {
        int cores = Runtime.getRuntime().availableProcessors();
        int intraOp = Integer.getInteger("ai.djl.pytorch.num_threads",
                parse(System.getenv("OMP_NUM_THREADS"), cores));
        boolean ok = intraOp >= 1 && intraOp <= cores;
        return new Check("threads", ok, intraOp + " intra-op thread(s) on " + cores + " core(s)",
                ok ? "" : "set OMP_NUM_THREADS (or -Dai.djl.pytorch.num_threads) to at most " + cores
                        + ": oversubscribed OpenMP threads wait on each other");
    }

    static Check memory() {
        long max = Runtime.getRuntime().maxMemory();
        boolean ok = max >= MIN_HEAP_BYTES;
        return new Check("jvm memory", ok, String.format(Locale.ROOT, "max heap %.1f GiB", max / (double) (1L << 30)),
                ok ? "" : "give the JVM at least 1 GiB (-Xmx1g; the launcher's default is set by OMNIIML_JAVA_OPTS)");
    }

    /** Three images in one batch against the float64 reference of the same network, image by image. */
    static Check batchedForward() {
        OmniImlConfig tiny = OmniImlConfig.named("tiny");
        try (OmniImlModel model = OmniImlModel.untrained(tiny, 11);
             OmniImlModel reference = OmniImlModel.untrained(tiny, 11);
             NDManager m = NDManager.newBaseManager()) {
            reference.network().cast(DataType.FLOAT64);
            int b = 3;
            int side = 96;
            Random rnd = new Random(5);
            float[] rgb = new float[b * 3 * side * side];
            int[] dct = new int[b * side * side];
            float[] q = new float[b * 64];
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = rnd.nextFloat();
            }
            for (int i = 0; i < dct.length; i++) {
                dct[i] = (int) Math.round(rnd.nextGaussian() * 6);
            }
            for (int i = 0; i < q.length; i++) {
                q[i] = 2 + rnd.nextInt(40);
            }
            NDList batch = new NDList(m.create(rgb, new Shape(b, 3, side, side)), m.create(dct, new Shape(b, side, side)),
                    m.create(q, new Shape(b, 64)));
            NetworkOutputs batched = NetworkOutputs.of(model.network().forward(new ParameterStore(m, false), batch,
                    false), model.network().filterCount(), false);
            double worst = 0;
            for (int i = 0; i < b; i++) {
                String index = i + ":" + (i + 1);
                NDList one = new NDList(batch.get(0).get(index), batch.get(1).get(index), batch.get(2).get(index));
                NetworkOutputs ref = NetworkOutputs.of(reference.network().forward(new ParameterStore(m, false), one,
                        false), reference.network().filterCount(), false);
                worst = Math.max(worst, maxDifference(ref.maskLogits(), batched.maskLogits().get(index)));
                worst = Math.max(worst, maxDifference(ref.gateLogits(), batched.gateLogits().get(index)));
            }
            boolean ok = worst <= FORWARD_TOLERANCE;
            return new Check("batched forward", ok, String.format(Locale.ROOT,
                    "batch of 3 vs float64 reference one by one: max difference %.2e (limit %.0e)", worst,
                    FORWARD_TOLERANCE), ok ? "" : "this CPU's oneDNN kernels compute wrong results; try "
                    + "ONEDNN_MAX_CPU_ISA=AVX2 and report the CPU (docs/model.md)");
        }
    }

    private static double maxDifference(NDArray expected, NDArray actual) {
        float[] e = expected.toType(DataType.FLOAT32, false).toFloatArray();
        float[] a = actual.toType(DataType.FLOAT32, false).toFloatArray();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs(e[i] - a[i]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        return worst;
    }

    /** Three training steps from a fresh initialization on generated splices: every loss part and gradient finite. */
    static Check trainingStep() {
        int side = 64;
        Random rnd = new Random(3);
        TrainingBatch.Builder builder = TrainingBatch.builder(side, side);
        for (int i = 0; i < 4; i++) {
            BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            int bx = 8 + rnd.nextInt(16);
            int by = 8 + rnd.nextInt(16);
            byte[] mask = new byte[side * side];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    boolean inside = x >= bx && x < bx + 24 && y >= by && y < by + 24;
                    mask[y * side + x] = (byte) (inside ? 1 : 0);
                    int v = inside ? 60 + rnd.nextInt(40) : 120 + (x + y) % 50;
                    image.setRGB(x, y, v << 16 | (v / 2) << 8 | (255 - v));
                }
            }
            JpegCoefficients c = JpegEncoding.luminanceCoefficients(image, 80);
            builder.addSample(InputOps.rgbChw(image, 0, 0, side, side), InputOps.luminanceOnPixelGrid(c, side, side),
                    InputOps.quantTable(c), mask, List.of(new Box(bx, by, 24, 24)), true);
        }
        TrainingBatch batch = builder.build();
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 17)) {
            OmniImlTrainer trainer = OmniImlTrainer.builder().setModel(model).build();
            for (int step = 0; step < 3; step++) {
                LossParts parts = trainer.step(batch, 100 + step);
                if (parts.skipped()) {
                    return new Check("training step", false, "step " + step + " of a fresh network: non-finite "
                            + parts.nonFiniteParts() + " (" + parts + ")",
                            "this CPU's oneDNN kernels give non-finite values; try ONEDNN_MAX_CPU_ISA=AVX2 and report "
                                    + "the CPU (docs/model.md)");
                }
            }
            return new Check("training step", true, "3 steps from a fresh network: loss and gradients finite", "");
        }
    }

    private static String cpuFlags() {
        for (String line : read(Path.of("/proc/cpuinfo")).split("\n")) {
            if (line.startsWith("flags")) {
                return " " + line.substring(line.indexOf(':') + 1).trim() + " ";
            }
        }
        return " ";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static int parse(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The engine's name and version, for the report's first line. */
    public static String engineDescription() {
        Engine engine = Engine.getEngine("PyTorch");
        return engine.getEngineName() + " " + engine.getVersion();
    }
}
