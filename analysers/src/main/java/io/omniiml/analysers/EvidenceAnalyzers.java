package io.omniiml.analysers;

import java.util.List;
import java.util.Locale;

/** The registry of evidence analysers by name, in a fixed order. */
public final class EvidenceAnalyzers {
    /** All names, in the order "all" runs them. */
    public static final List<String> NAMES = List.of("ela", "noise", "jpeg-dq", "jpeg-grid", "jpeg-ghost", "copymove",
            "sharpness", "colour", "metadata");

    private EvidenceAnalyzers() {
    }

    /** A new analyser with default settings; "color" is accepted for "colour". */
    public static EvidenceAnalyzer byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "ela" -> new ErrorLevelAnalyzer();
            case "noise" -> new NoiseAnalyzer();
            case "jpeg-dq" -> new JpegDoubleCompressionAnalyzer();
            case "jpeg-grid" -> new JpegGridAnalyzer();
            case "jpeg-ghost" -> new JpegGhostAnalyzer();
            case "copymove", "copy-move" -> new CopyMoveAnalyzer();
            case "sharpness", "blur" -> new SharpnessAnalyzer();
            case "colour", "color" -> new ColourAnalyzer();
            case "metadata" -> new MetadataAnalyzer();
            default -> throw new IllegalArgumentException("unknown analyser '" + name + "' (expected one of "
                    + String.join(", ", NAMES) + " or all)");
        };
    }

    /** Every analyser, in {@link #NAMES} order. */
    public static List<EvidenceAnalyzer> all() {
        return NAMES.stream().map(EvidenceAnalyzers::byName).toList();
    }
}
