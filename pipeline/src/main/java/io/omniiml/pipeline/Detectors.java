package io.omniiml.pipeline;

import io.omniiml.analysers.ErrorLevelAnalyzer;
import io.omniiml.analysers.NoiseAnalyzer;
import io.omniiml.api.ImageAnalyzer;

import java.nio.file.Path;
import java.util.List;

/** Builds the analyzer a command asked for with {@code --detector} and {@code --model}. */
public final class Detectors {
    /** The choices of {@code --detector}. */
    public static final List<String> DETECTORS = List.of("network", "ela", "noise");
    /** What scan and serve use unless told otherwise. */
    public static final String DEFAULT_DETECTOR = "network";

    private Detectors() {
    }

    /**
     * "network": the Omni-IML network from {@code modelDir} (null: the default model) with the
     * evidence analysers fused in ({@code fusion.json} next to the model, else the default rule); "ela" or "noise": a classical
     * detector over that evidence map (no network). Evidence tabs come from the same analysers in every case.
     */
    public static ImageAnalyzer create(String detector, Path modelDir) throws Exception {
        return switch (detector) {
            case "network" -> ImagePipeline.load(modelDir);
            case "ela" -> new EvidenceDetector(new ErrorLevelAnalyzer(), EvidenceMaps.defaultAnalyzers());
            case "noise" -> new EvidenceDetector(new NoiseAnalyzer(), EvidenceMaps.defaultAnalyzers());
            default -> throw new IllegalArgumentException("unknown detector '" + detector + "', choose one of " + DETECTORS);
        };
    }
}
