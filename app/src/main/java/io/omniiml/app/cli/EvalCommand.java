package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.api.ExitCodes;
import io.omniiml.core.data.Dataset;
import io.omniiml.core.data.Datasets;
import io.omniiml.core.metrics.DatasetEvaluation;
import io.omniiml.core.metrics.MetricResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code omniiml eval}: scores predicted maps against one or more labelled datasets. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Scores predictions against labelled datasets and prints a table per dataset.",
                "Predictions are matched by image stem in PRED_DIR: STEM.png, STEM_prob.png, STEM_mask.png, STEM.npy "
                        + "(8/16-bit PNG scaled to [0,1], .npy as documented), plus an optional STEM.json {\"score\": s} "
                        + "for the image level (else the map's maximum); when STEM.json states a verdict (verdict, edited_probability, "
                        + "verdict_threshold), also image-verdict@default metrics at that threshold and the verdict counts.",
                "Exit code 1 when predictions are missing or unreadable."})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DATASET",
            description = "dataset folder (Tp/+Gt/, images/+masks/, manifest.json) or JSON list; repeatable")
    List<Path> datasets;

    @Option(names = "--pred", required = true, paramLabel = "PRED_DIR",
            description = "folder of predictions; with several datasets, PRED_DIR/<dataset name>/ is used when it exists")
    Path predictions;

    @Option(names = "--json", paramLabel = "OUT.json", description = "also write all results as JSON")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(predictions)) {
            err.println("error: " + predictions + ": prediction folder not found");
            return ExitCodes.USAGE;
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode all = root.putArray("datasets");
        boolean incomplete = false;
        for (Path path : datasets) {
            Dataset dataset;
            try {
                dataset = Datasets.open(path);
            } catch (java.io.IOException e) {
                err.println("error: " + e.getMessage());
                incomplete = true;
                continue;
            }
            Path dir = datasets.size() > 1 && Files.isDirectory(predictions.resolve(dataset.name()))
                    ? predictions.resolve(dataset.name()) : predictions;
            DatasetEvaluation.Report report = DatasetEvaluation.evaluate(dataset, dir);
            print(out, report);
            incomplete |= !report.missing().isEmpty() || !report.errors().isEmpty();
            all.add(toJson(mapper, report, dir));
        }
        if (json != null) {
            if (json.toAbsolutePath().getParent() != null) {
                Files.createDirectories(json.toAbsolutePath().getParent());
            }
            mapper.writer(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), root);
            out.println("wrote " + json);
        }
        out.flush();
        return incomplete ? ExitCodes.SOME_FAILED : ExitCodes.OK;
    }

    static void print(PrintWriter out, DatasetEvaluation.Report r) {
        out.printf(Locale.ROOT, "%n== %s (%s, %s)%n", r.dataset(), r.layout(), r.root());
        out.printf(Locale.ROOT, "images %d, tampered %d, predicted %d, missing %d%n", r.images(), r.tampered(),
                r.predicted(), r.missing().size());
        if (!r.missing().isEmpty()) {
            out.println("missing predictions: " + String.join(", ", r.missing()));
        }
        for (String e : r.errors()) {
            out.println("error: " + e);
        }
        for (String w : r.warnings()) {
            out.println("warning: " + w);
        }
        out.printf(Locale.ROOT, "%-22s %-18s %8s %5s%n", "protocol", "metric", "value", "n");
        for (MetricResult m : r.metrics()) {
            out.printf(Locale.ROOT, "%-22s %-18s %8s %5d%n", m.protocol(), m.metric(),
                    Double.isNaN(m.value()) ? "n/a" : String.format(Locale.ROOT, "%.4f", m.value()), m.count());
        }
        if (!r.verdicts().isEmpty()) {
            StringBuilder line = new StringBuilder("verdicts (authentic / tampered images):");
            r.verdicts().forEach((label, n) -> line.append(String.format(Locale.ROOT, " %s %d / %d;", label, n[0], n[1])));
            out.println(line.substring(0, line.length() - 1));
        }
    }

    static ObjectNode toJson(ObjectMapper mapper, DatasetEvaluation.Report r, Path predictions) {
        ObjectNode o = mapper.createObjectNode();
        o.put("name", r.dataset());
        o.put("path", r.root().toString());
        o.put("layout", r.layout());
        o.put("predictions", predictions.toString());
        o.put("images", r.images());
        o.put("tampered", r.tampered());
        o.put("predicted", r.predicted());
        r.missing().forEach(o.putArray("missing")::add);
        r.errors().forEach(o.putArray("errors")::add);
        r.warnings().forEach(o.putArray("warnings")::add);
        ArrayNode metrics = o.putArray("metrics");
        for (MetricResult m : r.metrics()) {
            ObjectNode mo = metrics.addObject();
            mo.put("protocol", m.protocol());
            mo.put("metric", m.metric());
            if (Double.isNaN(m.value())) {
                mo.putNull("value");
            } else {
                mo.put("value", m.value());
            }
            mo.put("n", m.count());
        }
        ObjectNode verdicts = o.putObject("verdicts");
        r.verdicts().forEach((label, n) -> {
            ObjectNode v = verdicts.putObject(label);
            v.put("authentic", n[0]);
            v.put("tampered", n[1]);
        });
        return o;
    }
}
