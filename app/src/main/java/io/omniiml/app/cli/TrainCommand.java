package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.omniiml.api.ExitCodes;
import io.omniiml.core.data.Task;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.infer.Gate;
import io.omniiml.synth.Split;
import io.omniiml.training.EngineDoctor;
import io.omniiml.training.ProgressListener;
import io.omniiml.training.StepRecord;
import io.omniiml.training.SyntheticEvaluation;
import io.omniiml.training.TrainerState;
import io.omniiml.training.TrainingConfig;
import io.omniiml.training.TrainingRun;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code omniiml train}: the training pipeline (and {@code train eval-synth}, the synthetic test split). */
@Command(name = "train", mixinStandardHelpOptions = true, subcommands = TrainCommand.EvalSynth.class,
        description = {"Trains an Omni-IML network on the tampering engine's data (plus optional real datasets).",
                "Writes into DIR: log.jsonl, log.csv, validation.jsonl, curve.png, checkpoints/last (resumable)",
                "and checkpoints/best (best mean validation IoU). Both checkpoints are model directories.",
                "--resume continues DIR exactly where its last checkpoint left it; Ctrl-C checkpoints first.",
                "Bundled configs: tiny-cpu (the shipped tiny model), mnv2-cpu (the pretrained MobileNetV2 head),",
                "smoke (a few steps, for tests), ablation-* (one-budget comparisons, docs/training.md)."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "CONFIG",
            description = "training config: a JSON file or a bundled name (tiny-cpu, mnv2-cpu, smoke, ablation-*); with --resume optional")
    String config;

    @Option(names = "--out", paramLabel = "DIR", description = "run directory (default: runs/<config name>)")
    Path out;

    @Option(names = "--resume", description = "continue the run in DIR from checkpoints/last")
    boolean resume;

    @Option(names = "--steps", paramLabel = "N", description = "total planned steps instead of the config's "
            + "(the cosine schedule stretches to N)")
    Integer steps;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "0",
            description = "stop this sitting after M minutes (checkpointed; continue with --resume); 0 = no limit")
    double minutes;

    @Option(names = "--no-progress-bar", description = "plain log lines instead of a progress bar")
    boolean plain;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (config == null && !resume) {
            err.println("error: --config is required (unless --resume)");
            return ExitCodes.USAGE;
        }
        TrainingConfig cfg = null;
        Path base = null;
        try {
            if (config != null) {
                cfg = TrainingConfig.load(config);
                Path file = Path.of(config);
                base = Files.isRegularFile(file) ? file.toAbsolutePath().getParent() : null;
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (out == null) {
            if (cfg == null) {
                err.println("error: --resume needs --out DIR (or --config to derive runs/<name>)");
                return ExitCodes.USAGE;
            }
            out = Path.of("runs", cfg.name());
        }
        if (steps != null && steps <= 0 || minutes < 0) {
            err.println("error: --steps must be > 0 and --minutes >= 0");
            return ExitCodes.USAGE;
        }
        List<EngineDoctor.Check> checks = EngineDoctor.run();
        if (!EngineDoctor.allPassed(checks)) {
            err.println("error: this machine's engine failed the checks that training needs (omniiml doctor):");
            checks.stream().filter(c -> !c.passed()).forEach(c -> err.println("  " + c.line()));
            return ExitCodes.SOME_FAILED;
        }
        ProgressListener listener = plain || System.console() == null ? ProgressListener.stderr(10) : new Bar();
        TrainerState state = TrainingRun.builder().setConfig(cfg).optConfigBase(base).setOutput(out)
                .optResume(resume).optSteps(steps).optMinutes(minutes).optListener(listener).optHandleSignals(true)
                .build().run();
        spec.commandLine().getOut().printf(Locale.ROOT, "%d steps, %d images, %.0f s of training; best mean "
                        + "validation IoU %.4f at step %d%n", state.step(), state.imagesSeen(), state.wallSeconds(),
                state.bestMeanIou(), state.bestStep());
        return ExitCodes.OK;
    }

    /** me.tongfei progress bar with loss, images/s and the data/compute split; ETA from the bar. */
    private static final class Bar implements ProgressListener {
        private ProgressBar bar;

        @Override
        public void onStart(long fromStep, long totalSteps, String description) {
            System.err.println(description);
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.ASCII).startsFrom(fromStep, Duration.ZERO).setUnit(" steps", 1)
                    .showSpeed().build();
        }

        @Override
        public void onStep(StepRecord r, long totalSteps) {
            bar.stepTo(r.step());
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f %.1f img/s data %.0f/compute %.0f ms",
                    r.loss().total(), r.imagesPerSec(), r.dataMillis(), r.computeMillis()));
        }

        @Override
        public void onValidation(long step, SyntheticEvaluation.Result result, boolean best) {
            System.err.printf(Locale.ROOT, "%nvalidation at step %d: mean IoU %.4f%s%n%s", step, result.meanIou(),
                    best ? " (new best)" : "", result.table());
        }

        @Override
        public void onMessage(String message) {
            System.err.println();
            System.err.println(message);
        }

        @Override
        public void onEnd() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** {@code omniiml train eval-synth}: per-task IoU/F1 on the fixed synthetic test split, gate ablation. */
    @Command(name = "eval-synth", mixinStandardHelpOptions = true,
            description = {"Evaluates a model on the fixed synthetic split per task with the IMDL-BenCo protocol",
                    "(pixel IoU/F1 at 0.5 averaged over tampered images, pixel AUC, image-level AUC).",
                    "Samples are generator indices 0..N-1 of each task (split version " + Split.VERSION + ").",
                    "--gate ALL runs the gate ablation: auto, forced vision-only, forced fused."})
    static final class EvalSynth implements Callable<Integer> {
        static final long DEFAULT_TEST_SEED = 20261127L;
        private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        @Option(names = "--model", paramLabel = "DIR", description = "model directory (default: models/default)")
        Path modelDir;

        @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
                description = "test or val (default: ${DEFAULT-VALUE})")
        String split;

        @Option(names = "--per-task", defaultValue = "100", paramLabel = "N",
                description = "images per task (default: ${DEFAULT-VALUE})")
        int perTask;

        @Option(names = "--seed", paramLabel = "S", description = "generator seed (default: " + DEFAULT_TEST_SEED
                + " for test; for val the model's validation seed)")
        Long seed;

        @Option(names = "--crop", defaultValue = "256", paramLabel = "PX",
                description = "sample side, multiple of 32 (default: ${DEFAULT-VALUE})")
        int crop;

        @Option(names = "--tasks", split = ",", paramLabel = "TASK",
                description = "tasks (default: all): natural,document,face,scene_text")
        List<String> tasks;

        @Option(names = "--gate", defaultValue = "AUTO", paramLabel = "MODE",
                description = "AUTO, VISION, FUSED or ALL (default: ${DEFAULT-VALUE})")
        String gate;

        @Option(names = "--batch", defaultValue = "8", paramLabel = "B", description = "batch size")
        int batch;

        @Option(names = "--threads", defaultValue = "2", paramLabel = "T", description = "sample generation threads")
        int threads;

        @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON")
        Path json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter stdout = spec.commandLine().getOut();
            Split s;
            List<Gate> gates;
            List<Task> taskList = new ArrayList<>();
            try {
                s = Split.fromId(split);
                if (s == Split.TRAIN) {
                    throw new IllegalArgumentException("evaluating on the training split measures nothing");
                }
                gates = "ALL".equalsIgnoreCase(gate) ? Arrays.asList(Gate.values())
                        : List.of(Gate.valueOf(gate.toUpperCase(Locale.ROOT)));
                if (tasks == null) {
                    taskList.addAll(Arrays.asList(Task.values()));
                } else {
                    for (String t : tasks) {
                        taskList.add(Task.fromId(t));
                    }
                }
                if (crop <= 0 || crop % 32 != 0 || perTask <= 0 || batch <= 0 || threads <= 0) {
                    throw new IllegalArgumentException("--crop must be a positive multiple of 32; --per-task, --batch"
                            + " and --threads positive");
                }
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            OmniImlModel model = OmniIml.loadModelOrReport(modelDir, err);
            if (model == null) {
                return ExitCodes.USAGE;
            }
            try (model) {
                model.warnIfUntrained();
                long useSeed = seed != null ? seed : s == Split.TEST ? DEFAULT_TEST_SEED
                        : model.provenance().path("training").path("config").path("validation").path("seed")
                        .asLong(DEFAULT_TEST_SEED);
                SyntheticEvaluation evaluation = new SyntheticEvaluation(s, useSeed, perTask, crop, batch, threads,
                        taskList);
                ArrayNode all = JSON.createArrayNode();
                for (Gate g : gates) {
                    SyntheticEvaluation.Result r = evaluation.evaluate(model, g.code());
                    stdout.println("model " + model.origin());
                    stdout.print(r.table());
                    stdout.println();
                    stdout.flush();
                    var node = r.toJson();
                    node.put("model", model.origin());
                    node.put("crop", crop);
                    all.add(node);
                }
                if (json != null) {
                    if (json.toAbsolutePath().getParent() != null) {
                        Files.createDirectories(json.toAbsolutePath().getParent());
                    }
                    JSON.writeValue(json.toFile(), all.size() == 1 ? all.get(0) : all);
                }
            }
            return ExitCodes.OK;
        }
    }
}
