package io.omniiml.synth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Datasets;
import io.omniiml.core.data.Sample;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.synth.manip.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes samples in the IMDL-BenCo layout: {@code DIR/Tp/<id>.jpg|png} and {@code DIR/Gt/<id>.png} (0/255;
 * all black for authentic images), {@code DIR/manifest.json} (our manifest: task, boxes, description,
 * manipulation; mask null for authentic images) and {@code DIR/benco.json} ([image, mask or "Negative"]).
 */
public final class DatasetWriter {
    private final Path dir;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, ObjectNode> extra = new LinkedHashMap<>();
    private final ArrayNode benco = Json.MAPPER.createArrayNode();

    public DatasetWriter(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("Tp"));
        Files.createDirectories(dir.resolve("Gt"));
    }

    public void add(SyntheticSample s) throws IOException {
        Path image = dir.resolve("Tp").resolve(s.id() + "." + s.extension());
        Path gt = dir.resolve("Gt").resolve(s.id() + ".png");
        Files.write(image, s.encoded());
        boolean authentic = s.authentic();
        MaskOps.write(authentic ? Mask.empty(s.image().getWidth(), s.image().getHeight()) : s.mask(), gt);
        samples.add(new Sample(image, authentic ? null : gt, s.task(), s.boxes(), s.description(), s.id()));
        ObjectNode more = Json.object();
        more.put("split", s.split());
        more.put("split_version", Split.VERSION);
        more.put("authentic", authentic);
        more.put("format", s.format());
        more.put("gt_file", "Gt/" + gt.getFileName());
        more.set("manipulation", s.manipulation());
        extra.put(s.id(), more);
        ArrayNode pair = benco.addArray();
        pair.add("Tp/" + image.getFileName());
        pair.add(authentic ? Datasets.NEGATIVE : "Gt/" + gt.getFileName());
    }

    /** Writes manifest.json and benco.json; call once after the last sample. */
    public void finish(String name) throws IOException {
        Datasets.writeManifest(dir.resolve(Datasets.MANIFEST_FILE), name, samples, extra);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("benco.json").toFile(), benco);
    }

    public int size() {
        return samples.size();
    }
}
