package io.omniiml.app.cli;

import io.omniiml.app.pipeline.Analyzers;
import io.omniiml.app.pipeline.ImageAnalyzer;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options that choose what analyses an image ({@code --model}, {@code --detector}), shared by scan and serve. */
public final class AnalyzerOptions {
    @Option(names = "--model", paramLabel = "DIR", description = "model folder (default: models/default)")
    Path model;

    @Option(names = "--detector", defaultValue = Analyzers.DEFAULT_DETECTOR, paramLabel = "NAME",
            description = "network (default: the Omni-IML network fused with the evidence analysers), or a classical "
                    + "detector without network: ela, noise")
    String detector;

    ImageAnalyzer create() throws Exception {
        return Analyzers.create(detector, model);
    }
}
