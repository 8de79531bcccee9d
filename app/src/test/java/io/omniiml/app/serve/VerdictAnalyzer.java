package io.omniiml.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Box;
import io.omniiml.pipeline.fusion.VerdictRule;

import java.util.List;

/** Test double: another analyzer's result with a fixed edited probability, its verdict (threshold 0.6) and one region. */
final class VerdictAnalyzer {
    static final Box REGION = new Box(10, 20, 30, 40);

    private VerdictAnalyzer() {
    }

    static ImageAnalyzer of(ImageAnalyzer base, double probability) {
        return new ImageAnalyzer() {
            @Override
            public AnalysisResult analyze(LoadedImage image, AnalysisOptions options) throws Exception {
                AnalysisResult r = base.analyze(image, options);
                VerdictRule rule = new VerdictRule(0.6, 2, 0.05, null);
                return new AnalysisResult(r.source(), r.format(), r.width(), r.height(), probability, List.of(REGION),
                        r.gate(), r.gateConfidence(), r.probability(), r.mask(), r.explanation(), r.evidence(),
                        r.timingsMs(), null, rule.decide(probability));
            }

            @Override
            public JsonNode describe() {
                return base.describe();
            }
        };
    }
}
