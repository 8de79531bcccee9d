package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.core.mask.ProbabilityMapOps;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.infer.Detection;
import io.omniiml.model.infer.Gate;
import io.omniiml.model.infer.OmniImlDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code omniiml detect}: the localization network on image files. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Localizes manipulations with the Omni-IML network. Per image writes into DIR:",
                "  STEM_mask.png  binary mask (255 = tampered) at the threshold",
                "  STEM_prob.png  16-bit probability map (value / 65535)",
                "  STEM.json      score, boxes, gate choice and confidence, timings",
                "Without --model: $OMNIIML_MODEL or models/default if present, else an UNTRAINED network (warned).",
                "Exit code 1 if any image failed (each failure is reported on one line and the others go on)."})
public final class DetectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--model", paramLabel = "DIR", description = "model directory (config.json, parameters.params)")
    Path modelDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created if missing)")
    Path out;

    @Option(names = "--threshold", defaultValue = "0.5", paramLabel = "T",
            description = "mask threshold on the probability, strict > (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--gate", defaultValue = "AUTO", paramLabel = "MODE",
            description = "AUTO (the Modal Gate chooses), VISION or FUSED (default: ${DEFAULT-VALUE})")
    Gate gate;

    @Option(names = "--tile", paramLabel = "PX", description = "tile side, multiple of 32 (default: the model's)")
    Integer tile;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "image files")
    List<Path> images;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        OmniImlModel model;
        try {
            model = OmniImlModel.loadOrDefault(modelDir);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return OmniIml.EXIT_USAGE;
        }
        try (model) {
            OmniImlDetector.Builder builder = OmniImlDetector.builder().setModel(model).optThreshold(threshold)
                    .optGate(gate);
            if (tile != null) {
                builder.optTileSize(tile).optTileOverlap(Math.min(model.config().tileOverlap(), tile / 2 / 32 * 32));
            }
            OmniImlDetector detector = builder.build();
            Files.createDirectories(out);
            int failed = 0;
            for (Path image : images) {
                try {
                    Detection d = detector.detect(image);
                    String stem = stem(image);
                    MaskOps.write(d.mask(), out.resolve(stem + "_mask.png"));
                    ProbabilityMapOps.write16(d.probability(), out.resolve(stem + "_prob.png"));
                    JSON.writeValue(out.resolve(stem + ".json").toFile(), summary(image, d, model));
                    stdout.printf("%s: score %.3f, %d region(s), gate %s (%.2f), %.0f ms%n", image, d.score(),
                            d.boxes().size(), d.gate(), d.gateConfidence(), d.timingsMs().get("total"));
                } catch (IOException | RuntimeException e) {
                    failed++;
                    String message = e.getMessage() != null ? e.getMessage() : e.toString();
                    err.println("error: " + (message.contains(image.toString()) ? message : image + ": " + message));
                }
            }
            stdout.flush();
            return failed == 0 ? OmniIml.EXIT_OK : OmniIml.EXIT_SOME_FAILED;
        }
    }

    private static String stem(Path image) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static Map<String, Object> summary(Path image, Detection d, OmniImlModel model) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("image", image.toString());
        json.put("width", d.probability().width());
        json.put("height", d.probability().height());
        json.put("score", d.score());
        json.put("gate", d.gate());
        json.put("gateConfidence", d.gateConfidence());
        List<Map<String, Integer>> boxes = new ArrayList<>();
        for (Box b : d.boxes()) {
            Map<String, Integer> box = new LinkedHashMap<>();
            box.put("x", b.x());
            box.put("y", b.y());
            box.put("width", b.width());
            box.put("height", b.height());
            boxes.add(box);
        }
        json.put("boxes", boxes);
        json.put("tamperedPixels", d.mask().count());
        json.put("timingsMs", d.timingsMs());
        json.put("model", model.origin());
        json.put("modelConfig", model.config().name());
        json.put("modelTrained", model.isTrained());
        return json;
    }
}
