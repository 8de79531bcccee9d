package io.omniiml.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay, PyTorch's update rule) whose moments can be saved and restored exactly.
 * DJL's own {@code AdamW} keeps its moments in private maps with no way to export them, so a resumed run would
 * restart with zero moments and a reset bias correction; this one writes them next to the checkpoint.
 *
 * <p>Weight decay applies to arrays of rank >= 2 (convolution and linear weights), not to biases and norm scales.
 * The learning rate is set before each step ({@link #setLearningRate}); {@link #update} is called once per
 * parameter per step, as DJL's optimizers are, with a parameter key that is stable across processes (its name).
 */
public final class ResumableAdamW extends Optimizer {
    private static final int MAGIC = 0x4F41574D; // "OAWM"
    private static final int VERSION = 1;

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
    private final Map<String, float[][]> pending = new LinkedHashMap<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private float learningRate;

    public ResumableAdamW(double beta1, double beta2, double epsilon, double weightDecay) {
        super(new Builder());
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
        this.weightDecay = (float) weightDecay;
    }

    public void setLearningRate(double lr) {
        this.learningRate = (float) lr;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        NDArray[] mv = moments.computeIfAbsent(parameterId, id -> restoreOrZero(id, weight));
        long t = counts.merge(parameterId, 1L, Long::sum);
        NDArray m = mv[0];
        NDArray v = mv[1];
        if (weightDecay > 0 && weight.getShape().dimension() >= 2) {
            weight.muli(1f - learningRate * weightDecay);
        }
        try (NDArray g1 = grad.mul(1f - beta1); NDArray g2 = grad.square().muli(1f - beta2)) {
            m.muli(beta1).addi(g1);
            v.muli(beta2).addi(g2);
        }
        float bias1 = 1f - (float) Math.pow(beta1, t);
        float bias2 = 1f - (float) Math.pow(beta2, t);
        float stepSize = learningRate / bias1;
        try (NDArray vHat = v.div(bias2); NDArray denom = vHat.sqrt().addi(epsilon);
             NDArray delta = m.div(denom).muli(stepSize)) {
            weight.subi(delta);
        }
    }

    /** After a full update: fails if restored moments were never claimed (they belong to other parameter names). */
    public void requireAllRestored() {
        if (!pending.isEmpty()) {
            throw new IllegalStateException("optimizer state holds moments of " + pending.size()
                    + " parameters this network does not update, e.g. " + pending.keySet().iterator().next());
        }
    }

    private NDArray[] restoreOrZero(String id, NDArray weight) {
        float[][] saved = pending.remove(id);
        if (saved == null) {
            return new NDArray[] {weight.zerosLike(), weight.zerosLike()};
        }
        Shape shape = weight.getShape();
        if (saved[0].length != shape.size()) {
            throw new IllegalStateException("optimizer state of " + id + " has " + saved[0].length
                    + " values, the parameter has " + shape.size() + " (" + shape + ")");
        }
        NDArray m = weight.getManager().create(saved[0], shape);
        NDArray v = weight.getManager().create(saved[1], shape);
        return new NDArray[] {m, v};
    }

    /** Writes the moments and per-parameter update counts (float32, exact). */
    public void save(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            Map<String, float[][]> all = new LinkedHashMap<>(pending);
            for (Map.Entry<String, NDArray[]> e : moments.entrySet()) {
                all.put(e.getKey(), new float[][] {e.getValue()[0].toFloatArray(), e.getValue()[1].toFloatArray()});
            }
            out.writeInt(all.size());
            for (Map.Entry<String, float[][]> e : all.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(counts.getOrDefault(e.getKey(), 0L));
                float[] m = e.getValue()[0];
                float[] v = e.getValue()[1];
                out.writeInt(m.length);
                for (float f : m) {
                    out.writeFloat(f);
                }
                for (float f : v) {
                    out.writeFloat(f);
                }
            }
        }
    }

    /** Restores what {@link #save} wrote; the moments attach to their parameters at the first update. */
    public void load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + ": not an optimizer state file (version " + VERSION + ")");
            }
            int n = in.readInt();
            for (NDArray[] mv : moments.values()) {
                mv[0].close();
                mv[1].close();
            }
            moments.clear();
            pending.clear();
            counts.clear();
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                counts.put(id, in.readLong());
                int len = in.readInt();
                float[] m = new float[len];
                float[] v = new float[len];
                for (int k = 0; k < len; k++) {
                    m[k] = in.readFloat();
                }
                for (int k = 0; k < len; k++) {
                    v[k] = in.readFloat();
                }
                pending.put(id, new float[][] {m, v});
            }
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": optimizer state file is truncated", e);
        }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
