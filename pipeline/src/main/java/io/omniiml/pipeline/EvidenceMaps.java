package io.omniiml.pipeline;

import io.omniiml.analysers.ErrorLevelAnalyzer;
import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.EvidenceAnalyzer;
import io.omniiml.analysers.JpegDoubleCompressionAnalyzer;
import io.omniiml.analysers.NoiseAnalyzer;
import io.omniiml.api.EvidenceMap;
import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.LoadedImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The evidence maps that the web page and the API show in tabs: error level, noise level, JPEG traces. */
public final class EvidenceMaps {
    private EvidenceMaps() {
    }

    /** The analysers behind the tabs, in tab order. */
    public static List<EvidenceAnalyzer> defaultAnalyzers() {
        return List.of(new ErrorLevelAnalyzer(), new NoiseAnalyzer(), new JpegDoubleCompressionAnalyzer());
    }

    public static List<EvidenceMap> compute(LoadedImage image, List<EvidenceAnalyzer> analyzers) {
        List<EvidenceMap> maps = new ArrayList<>(analyzers.size());
        for (EvidenceAnalyzer analyzer : analyzers) {
            Cancellation.checkpoint();
            maps.add(toMap(analyzer.analyze(image)));
        }
        return maps;
    }

    static EvidenceMap toMap(Evidence e) {
        String title = e.quantity().isEmpty() ? e.analyzer()
                : Character.toUpperCase(e.quantity().charAt(0)) + e.quantity().substring(1);
        return new EvidenceMap(e.analyzer().toLowerCase(Locale.ROOT), title, e.visualization(),
                String.join(" ", e.findings()));
    }
}
