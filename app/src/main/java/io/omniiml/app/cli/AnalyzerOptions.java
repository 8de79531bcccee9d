package io.omniiml.app.cli;

import io.omniiml.api.ImageAnalyzer;
import io.omniiml.model.OmniImlModel;
import io.omniiml.pipeline.Detectors;
import io.omniiml.pipeline.ImagePipeline;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options that choose what analyses an image ({@code --model}, {@code --detector}), shared by scan and serve. */
public final class AnalyzerOptions {
    @Option(names = "--model", paramLabel = "DIR", description = "model folder (default: $OMNIIML_MODEL, which the launcher "
            + "sets to the installation's models/default)")
    Path model;

    @Option(names = "--detector", defaultValue = Detectors.DEFAULT_DETECTOR, paramLabel = "NAME",
            description = "network (default: the Omni-IML network fused with the evidence analysers), or a classical "
                    + "detector without network: ela, noise")
    String detector;

    @Option(names = "--allow-untrained", description = "run the network even when no trained model is found "
            + "(random weights: meaningless maps and scores; for tests)")
    boolean allowUntrained;

    /** The analyzer; a {@link UsageException} (exit 2) when the network would run with random weights unasked. */
    ImageAnalyzer create() throws Exception {
        if (Detectors.DEFAULT_DETECTOR.equals(detector)) {
            String problem = missingModel(model, allowUntrained);
            if (problem != null) {
                throw new UsageException(problem);
            }
        }
        ImageAnalyzer analyzer = Detectors.create(detector, model);
        if (analyzer instanceof ImagePipeline a) {
            String problem = untrainedModel(a.detector().model(), allowUntrained);
            if (problem != null) {
                analyzer.close();
                throw new UsageException(problem);
            }
        }
        return analyzer;
    }

    /**
     * Before loading: the message refusing to run when no {@code --model} is given and the default model directory
     * ($OMNIIML_MODEL, else models/default) holds no model, or null when a model will be found (or allowed missing).
     */
    static String missingModel(Path requested, boolean allowUntrained) {
        if (requested != null || allowUntrained || ImagePipeline.resolveModelDirectory(null) != null) {
            return null;
        }
        return "no trained model found at " + OmniImlModel.defaultDirectory().toAbsolutePath()
                + "; pass --model DIR or set " + OmniImlModel.MODEL_ENV + " (the omniiml launcher sets it to its own "
                + "models/default), or --allow-untrained to run the network with random weights";
    }

    /** After loading: the message refusing an untrained model (no training steps), or null. */
    static String untrainedModel(OmniImlModel model, boolean allowUntrained) {
        if (allowUntrained || model.isTrained()) {
            return null;
        }
        return model.origin() + ": the model is untrained (random weights, meaningless maps and scores); train one, "
                + "pass --model DIR, or --allow-untrained to use it anyway";
    }

    /** A problem with the command line or its setting; the command prints "error: MESSAGE" and exits with 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
