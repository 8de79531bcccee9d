package io.omniiml.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.nn.OmniImlNetwork;
import io.omniiml.synth.SampleGenerator;
import io.omniiml.synth.Split;
import io.omniiml.training.step.LossParts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One training run in an output directory, across as many sittings as needed:
 * <pre>
 * OUT/train-config.json         the effective config
 * OUT/log.jsonl, log.csv        one line per step
 * OUT/validation.jsonl          one line per validation (per-task metrics)
 * OUT/curve.png                 loss and validation IoU against the step
 * OUT/checkpoints/last/         model directory + trainer-state.json + optimizer.bin + train-config.json
 * OUT/checkpoints/best/         model directory of the best mean validation IoU (+ validation.json)
 * </pre>
 * With {@code resume}, the run continues from {@code last} exactly: same weights, optimizer moments, sampler
 * position and engine random stream, and the logs cut back to the checkpoint. See docs/training.md.
 */
public final class TrainingRun {
    public static final String CHECKPOINTS = "checkpoints";
    public static final String LAST = "last";
    public static final String BEST = "best";

    private final TrainingConfig config;
    private final Path configBase;
    private final Path out;
    private final boolean resume;
    private final Integer stepsOverride;
    private final double minutes;
    private final ProgressListener listener;
    private final boolean handleSignals;
    private final Long stopAfterSteps;
    private final java.util.function.Function<Task, ExampleSource> trainingSources;
    private volatile boolean stopRequested;

    private TrainingRun(Builder b) {
        this.config = b.config;
        this.configBase = b.configBase;
        this.out = b.out;
        this.resume = b.resume;
        this.stepsOverride = b.steps;
        this.minutes = b.minutes;
        this.listener = b.listener;
        this.handleSignals = b.handleSignals;
        this.stopAfterSteps = b.stopAfterSteps;
        this.trainingSources = b.trainingSources;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path lastCheckpoint() {
        return out.resolve(CHECKPOINTS).resolve(LAST);
    }

    public Path bestCheckpoint() {
        return out.resolve(CHECKPOINTS).resolve(BEST);
    }

    /** Asks a running {@link #run()} to checkpoint and return after the current step. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Trains until the planned steps, the time budget or a stop request; returns the final state. */
    public TrainerState run() throws IOException {
        Files.createDirectories(out);
        Path last = lastCheckpoint();
        boolean haveLast = Checkpoints.recover(last);
        Checkpoints.recover(bestCheckpoint());
        TrainingConfig cfg;
        TrainerState state;
        OmniImlModel model;
        ResumableAdamW optimizer;
        if (resume) {
            if (!haveLast) {
                throw new IOException(last + ": nothing to resume (no checkpoint); start without --resume");
            }
            TrainingConfig saved = TrainingConfig.read(last.resolve(TrainerState.CONFIG_FILE));
            cfg = config == null ? saved : config;
            if (!sameExceptSteps(saved, cfg)) {
                throw new IOException(out + ": the run was started with another config (" + saved.name()
                        + "); resume with the same config (only steps may change)");
            }
            state = generatorChecked(TrainerState.read(last.resolve(TrainerState.FILE)));
            model = OmniImlModel.load(last);
            optimizer = newOptimizer(cfg);
            optimizer.load(last.resolve(TrainerState.OPTIMIZER_FILE));
        } else {
            if (haveLast) {
                throw new IOException(out + " already holds a run (" + last + "); use --resume or another --out");
            }
            if (config == null) {
                throw new IllegalStateException("TrainingRun needs a config");
            }
            cfg = config;
            state = TrainerState.fresh();
            OmniImlConfig net = cfg.networkConfig(configBase);
            model = OmniImlModel.untrained(net, cfg.seed());
            optimizer = newOptimizer(cfg);
        }
        if (stepsOverride != null) {
            cfg = cfg.withSteps(stepsOverride);
        }
        Files.writeString(out.resolve(TrainerState.CONFIG_FILE), cfg.toJson());
        try (model) {
            return train(cfg, state, model, optimizer);
        }
    }

    private static ResumableAdamW newOptimizer(TrainingConfig cfg) {
        TrainingConfig.Optimizer o = cfg.optimizer();
        return new ResumableAdamW(o.beta1(), o.beta2(), o.epsilon(), o.weightDecay());
    }

    static boolean sameExceptSteps(TrainingConfig a, TrainingConfig b) {
        return a.withSteps(1).equals(b.withSteps(1));
    }

    private TrainerState train(TrainingConfig cfg, TrainerState start, OmniImlModel model, ResumableAdamW optimizer)
            throws IOException {
        List<ExampleSource> sources = new ArrayList<>();
        for (Task t : Task.values()) {
            sources.add(trainingSources != null ? trainingSources.apply(t)
                    : new SyntheticSource(t, Split.TRAIN, cfg.seed(), cfg.cropSize()));
        }
        int[] realSizes = new int[cfg.realData().datasets().size()];
        for (int i = 0; i < realSizes.length; i++) {
            String p = cfg.realData().datasets().get(i);
            DatasetSource ds = new DatasetSource(configBase == null ? Path.of(p) : configBase.resolve(p));
            sources.add(ds);
            realSizes[i] = ds.size();
        }
        List<String> described = new ArrayList<>();
        Map<Task, Double> ratios = cfg.tasks();
        for (Task t : Task.values()) {
            if (ratios.get(t) > 0) {
                described.add(sources.get(t.ordinal()).describe() + " weight=" + ratios.get(t));
            }
        }
        for (int i = 0; i < realSizes.length; i++) {
            described.add(sources.get(Task.values().length + i).describe() + " ratio=" + cfg.realData().ratio());
        }
        MultiTaskSampler sampler = new MultiTaskSampler(cfg.seed(), cfg.batchSize(), ratios, realSizes,
                cfg.realData().ratio(), cfg.augmentation());
        List<Task> valTasks = ratios.entrySet().stream()
                .filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
        SyntheticEvaluation validation = new SyntheticEvaluation(Split.VAL, cfg.validation().seed(),
                cfg.validation().perTask(), cfg.cropSize(), cfg.batchSize(), cfg.prefetch().threads(), valTasks);
        LearningRateSchedule schedule = LearningRateSchedule.of(cfg);
        ResumableTrainer trainer = new ResumableTrainer(model, optimizer, cfg.optimizer().gradientClip(), cfg.seed());

        long sittingStart = System.nanoTime();
        String startedAt = Instant.now().toString();
        long step = start.step();
        long images = start.imagesSeen();
        long skipped = start.skippedSteps();
        double bestIou = start.bestMeanIou();
        long bestStep = start.bestStep();
        long lastCheckpointNanos = sittingStart;
        long lastValidated = -1;
        JsonNode lastValidation = null;
        Thread hook = null;
        CountDownLatch finished = new CountDownLatch(1);
        if (handleSignals) {
            hook = new Thread(() -> {
                stopRequested = true;
                try {
                    finished.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "omniiml-train-stop");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        listener.onStart(step, cfg.steps(), "training " + cfg.name() + " (" + model.config().name() + ", "
                + model.parameterCount() + " parameters) in " + out + (step > 0 ? ", resuming at step " + step : ""));
        TrainerState state = start;
        try (TrainingLog log = new TrainingLog(out, start.log());
             BatchPrefetcher prefetcher = new BatchPrefetcher(sampler, sources, cfg.cropSize(),
                     cfg.prefetch().threads(), cfg.prefetch().depth(), step)) {
            long deadline = minutes > 0 ? sittingStart + (long) (minutes * 60e9) : Long.MAX_VALUE;
            long sittingSteps = 0;
            while (step < cfg.steps() && !stopRequested && System.nanoTime() < deadline
                    && (stopAfterSteps == null || sittingSteps < stopAfterSteps)) {
                BatchPrefetcher.Prepared batch = prefetcher.next();
                double dataMs = prefetcher.lastWaitMillis();
                double lr = schedule.at(step);
                long t0 = System.nanoTime();
                LossParts loss = trainer.step(step, batch.batch(), lr);
                double computeMs = (System.nanoTime() - t0) / 1e6;
                step++;
                sittingSteps++;
                images += batch.batch().size();
                if (loss.skipped()) {
                    skipped++;
                    listener.onMessage("step " + step + " skipped: non-finite loss or gradient (" + loss + ")");
                }
                double wall = start.wallSeconds() + (System.nanoTime() - sittingStart) / 1e9;
                Map<Task, Integer> tc = batch.tasks();
                StepRecord rec = new StepRecord(step, loss, lr, batch.batch().size() * 1000.0 / (dataMs + computeMs),
                        dataMs, batch.buildMillis(), batch.buildCpuMillis(), computeMs, processCpuSeconds(), wall,
                        tc.getOrDefault(Task.NATURAL, 0), tc.getOrDefault(Task.DOCUMENT, 0),
                        tc.getOrDefault(Task.FACE, 0), tc.getOrDefault(Task.SCENE_TEXT, 0), batch.realCount(),
                        batch.contentHash());
                log.step(rec);
                listener.onStep(rec, cfg.steps());
                state = new TrainerState(step, images, wall, skipped, bestIou, bestStep, log.offsets(),
                        start.sittings());
                boolean validateNow = cfg.validation().perTask() > 0 && (step == cfg.steps()
                        || cfg.validation().everySteps() > 0 && step % cfg.validation().everySteps() == 0);
                if (validateNow) {
                    SyntheticEvaluation.Result r = validation.evaluate(model, OmniImlNetwork.GATE_AUTO);
                    ObjectNode json = r.toJson();
                    json.put("step", step);
                    log.validation(json);
                    lastValidation = json;
                    lastValidated = step;
                    boolean best = Double.isFinite(r.meanIou()) && (!Double.isFinite(bestIou) || r.meanIou() > bestIou);
                    if (best) {
                        bestIou = r.meanIou();
                        bestStep = step;
                    }
                    state = new TrainerState(step, images, wall, skipped, bestIou, bestStep, log.offsets(),
                            start.sittings());
                    listener.onValidation(step, r, best);
                    if (best) {
                        writeBest(cfg, state, model, described, json);
                    }
                    CurvePlot.write(out);
                }
                boolean dueSteps = cfg.checkpoint().everySteps() > 0 && step % cfg.checkpoint().everySteps() == 0;
                boolean dueTime = cfg.checkpoint().everyMinutes() > 0
                        && System.nanoTime() - lastCheckpointNanos > cfg.checkpoint().everyMinutes() * 60e9;
                if ((dueSteps || dueTime) && step < cfg.steps()) {
                    writeLast(cfg, withSitting(state, start, sittingStart, startedAt), model, optimizer, described,
                            lastValidation);
                    lastCheckpointNanos = System.nanoTime();
                }
            }
            state = withSitting(state, start, sittingStart, startedAt);
            if (state.step() != start.step() || !Files.isDirectory(lastCheckpoint())) {
                writeLast(cfg, state, model, optimizer, described, lastValidation);
            }
            CurvePlot.write(out);
            if (step >= cfg.steps()) {
                listener.onMessage("finished " + step + " steps; best mean validation IoU " + bestIou + " at step "
                        + bestStep + " (" + bestCheckpoint() + ")");
            } else {
                listener.onMessage("stopped at step " + step + " of " + cfg.steps() + "; continue with --resume");
            }
            return state;
        } finally {
            listener.onEnd();
            finished.countDown();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits on 'finished', released above
                }
            }
        }
    }

    /** CPU seconds of this process (all threads), or NaN where the JVM does not tell. */
    static double processCpuSeconds() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /**
     * A run resumed on another generator version validates on other data: its best figure so far is not comparable,
     * so the next validation starts the best anew (the old {@code best} stays until then).
     */
    private TrainerState generatorChecked(TrainerState s) {
        List<TrainerState.Sitting> sittings = s.sittings();
        String previous = sittings.isEmpty() ? null : sittings.get(sittings.size() - 1).generator();
        if (sittings.isEmpty() || SampleGenerator.GENERATOR_VERSION.equals(previous)) {
            return s;
        }
        listener.onMessage("generator changed (" + previous + " -> "
                + SampleGenerator.GENERATOR_VERSION + "): best validation so far (" + s.bestMeanIou() + " at step "
                + s.bestStep() + ") was on other data; the next validation sets the best anew");
        return new TrainerState(s.step(), s.imagesSeen(), s.wallSeconds(), s.skippedSteps(), Double.NaN, -1, s.log(),
                sittings);
    }

    private static TrainerState withSitting(TrainerState s, TrainerState start, long sittingStart, String startedAt) {
        List<TrainerState.Sitting> sittings = new ArrayList<>(start.sittings());
        sittings.add(new TrainerState.Sitting(start.step(), s.step(), (System.nanoTime() - sittingStart) / 1e9,
                startedAt, SampleGenerator.GENERATOR_VERSION));
        return new TrainerState(s.step(), s.imagesSeen(), s.wallSeconds(), s.skippedSteps(), s.bestMeanIou(),
                s.bestStep(), s.log(), sittings);
    }

    private void writeLast(TrainingConfig cfg, TrainerState state, OmniImlModel model, ResumableAdamW optimizer,
                           List<String> sources, JsonNode validation) throws IOException {
        Checkpoints.write(lastCheckpoint(), dir -> {
            ProvenanceOps.fill(model.provenance(), cfg, state, sources, validation, LAST);
            model.save(dir);
            optimizer.save(dir.resolve(TrainerState.OPTIMIZER_FILE));
            Files.writeString(dir.resolve(TrainerState.CONFIG_FILE), cfg.toJson());
            state.write(dir.resolve(TrainerState.FILE));
        });
        listener.onCheckpoint(state.step(), lastCheckpoint());
    }

    private void writeBest(TrainingConfig cfg, TrainerState state, OmniImlModel model, List<String> sources,
                           JsonNode validation) throws IOException {
        Checkpoints.write(bestCheckpoint(), dir -> {
            ProvenanceOps.fill(model.provenance(), cfg, state, sources, validation, BEST);
            model.save(dir);
            Files.writeString(dir.resolve(TrainerState.CONFIG_FILE), cfg.toJson());
            Files.writeString(dir.resolve("validation.json"), validation.toPrettyString());
        });
    }

    /** DJL-style builder. */
    public static final class Builder {
        private TrainingConfig config;
        private Path configBase;
        private Path out;
        private boolean resume;
        private Integer steps;
        private double minutes;
        private ProgressListener listener = ProgressListener.stderr(10);
        private boolean handleSignals;
        private Long stopAfterSteps;
        private java.util.function.Function<Task, ExampleSource> trainingSources;

        /** The config (may be omitted with {@link #optResume}: the checkpoint's own config is used). */
        public Builder setConfig(TrainingConfig config) {
            this.config = config;
            return this;
        }

        /** Folder that relative paths in the config (network file, datasets) resolve against. */
        public Builder optConfigBase(Path base) {
            this.configBase = base;
            return this;
        }

        public Builder setOutput(Path out) {
            this.out = out;
            return this;
        }

        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Total planned steps instead of the config's (the learning-rate schedule stretches to it). */
        public Builder optSteps(Integer steps) {
            this.steps = steps;
            return this;
        }

        /** Stop this sitting after this many minutes of wall time (a checkpoint is written); 0 = no limit. */
        public Builder optMinutes(double minutes) {
            this.minutes = minutes;
            return this;
        }

        /** Stop this sitting after this many steps (tests; the schedule is not changed). */
        public Builder optStopAfter(Long steps) {
            this.stopAfterSteps = steps;
            return this;
        }

        /** Training data per task instead of the tampering engine's TRAIN split (tests, custom data). */
        public Builder optTrainingSources(java.util.function.Function<Task, ExampleSource> perTask) {
            this.trainingSources = perTask;
            return this;
        }

        public Builder optListener(ProgressListener listener) {
            this.listener = listener;
            return this;
        }

        /** Checkpoint on SIGINT/SIGTERM before the JVM exits (for the command line). */
        public Builder optHandleSignals(boolean handle) {
            this.handleSignals = handle;
            return this;
        }

        public TrainingRun build() {
            if (out == null) {
                throw new IllegalStateException("TrainingRun needs setOutput(dir)");
            }
            if (config == null && !resume) {
                throw new IllegalStateException("TrainingRun needs setConfig(...) unless it resumes");
            }
            return new TrainingRun(this);
        }
    }
}
