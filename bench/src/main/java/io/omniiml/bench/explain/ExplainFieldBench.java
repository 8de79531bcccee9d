package io.omniiml.bench.explain;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.analysers.Evidence;
import io.omniiml.core.data.Task;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.ProbabilityMapOps;
import io.omniiml.explain.Explainer;
import io.omniiml.explain.Explanation;
import io.omniiml.synth.SampleGenerator;
import io.omniiml.synth.SyntheticSample;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often the local explanation's fields are right on generated samples whose truth is known (the
 * tampering engine's description and manifest). The ground-truth mask is the prediction, so this measures the
 * interpreter, not the detector. Single-region samples only for position and text.
 * <pre>
 * java -cp ... io.omniiml.bench.explain.ExplainFieldBench [SAMPLES_PER_TASK] [SEED]
 * </pre>
 */
public final class ExplainFieldBench {
    private static final Pattern PARTNER = Pattern.compile("matches the region at \\((\\d+), (\\d+)\\), (\\d+)x(\\d+) px");

    private ExplainFieldBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        Explainer explainer = Explainer.builder().build();
        int posTotal = 0, posRight = 0, textTotal = 0, cmTotal = 0, cmFound = 0, cmSourceTotal = 0, cmSourceRight = 0;
        int dqTotal = 0, dqStated = 0, dqNegTotal = 0, dqFalse = 0;
        double charAcc = 0;
        long nanos = 0;
        int explained = 0;
        for (Task task : new Task[]{Task.NATURAL, Task.DOCUMENT, Task.SCENE_TEXT}) {
            SampleGenerator gen = SampleGenerator.builder().optTask(task).optSeed(seed).optThreads(1).optAuthenticFraction(0).build();
            for (int i = 0; i < n; i++) {
                SyntheticSample s = gen.generate(i);
                if (s.authentic()) {
                    continue;
                }
                LoadedImage img = ImageLoader.DEFAULT.load(s.encoded(), s.id() + "." + s.extension());
                long t0 = System.nanoTime();
                Map<String, Evidence> ev = explainer.evidence(img);
                Explanation e = explainer.explain(img, ProbabilityMapOps.of(s.mask()), task, List.of(), ev);
                nanos += System.nanoTime() - t0;
                explained++;
                JsonNode d = s.description();
                JsonNode m = s.manipulation();
                boolean single = s.boxes().size() == 1 && e.regions().size() == 1;
                if (single) {
                    posTotal++;
                    String truth = d.path("absolute_position").path("words").asText();
                    String ours = e.regions().get(0).explanation().absolutePosition();
                    posRight += ours.startsWith(truth + " of the image") ? 1 : 0;
                    JsonNode c = d.path("content");
                    if (c.path("kind").asText().equals("text") && (task == Task.DOCUMENT || task == Task.SCENE_TEXT)) {
                        String expected = c.has("new_part") ? c.path("new_part").asText() : c.path("new_text").asText();
                        Explanation.RegionText rt = e.regions().get(0).text();
                        String got = rt == null ? "" : rt.recognized();
                        textTotal++;
                        charAcc += charAccuracy(got, expected);
                    }
                }
                String steps = m.path("steps").toString();
                String artifacts = e.regions().stream().map(r -> r.explanation().artifacts()).reduce("", String::concat);
                if (steps.contains("\"copy_move\"")) {
                    cmTotal++;
                    Matcher pm = PARTNER.matcher(artifacts);
                    boolean found = pm.find();
                    cmFound += found ? 1 : 0;
                    JsonNode sb = findSourceBox(d.path("content"));
                    if (sb != null && !m.path("post_processing").has("scale")) {
                        cmSourceTotal++;
                        Box truthSrc = new Box(sb.get(0).asInt(), sb.get(1).asInt(), sb.get(2).asInt(), sb.get(3).asInt());
                        if (found) {
                            Box partner = new Box(Integer.parseInt(pm.group(1)), Integer.parseInt(pm.group(2)),
                                    Integer.parseInt(pm.group(3)), Integer.parseInt(pm.group(4)));
                            cmSourceRight += partner.iou(truthSrc) > 0.3 ? 1 : 0;
                        }
                    }
                }
                boolean truthDq = d.path("artifacts").toString().contains("second JPEG compression only outside the region");
                boolean saysDq = artifacts.contains("no trace of the first JPEG compression inside the region");
                if (truthDq) {
                    dqTotal++;
                    dqStated += saysDq ? 1 : 0;
                } else {
                    dqNegTotal++;
                    dqFalse += saysDq ? 1 : 0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "samples explained: %d (%d per task: natural, document, scene_text; seed %d), %.0f ms each%n",
                explained, n, seed, nanos / 1e6 / Math.max(1, explained));
        System.out.printf(Locale.ROOT, "| field | right | of | rate |%n| --- | --- | --- | --- |%n");
        row("absolute position words (single-region)", posRight, posTotal);
        System.out.printf(Locale.ROOT, "| OCR character accuracy of the tampered text (document + scene text) | %.3f mean | %d | |%n",
                textTotal == 0 ? Double.NaN : charAcc / textTotal, textTotal);
        row("copy-move stated with a matching region", cmFound, cmTotal);
        row("copy-move source box right (IoU > 0.3)", cmSourceRight, cmSourceTotal);
        row("double compression stated where the engine applied it", dqStated, dqTotal);
        row("double compression stated where it was not applied (false)", dqFalse, dqNegTotal);
    }

    private static JsonNode findSourceBox(JsonNode content) {
        if (content.has("source_box_px")) {
            return content.get("source_box_px");
        }
        for (JsonNode extra : content.path("additional_edits")) {
            if (extra.has("source_box_px")) {
                return extra.get("source_box_px");
            }
        }
        return null;
    }

    private static void row(String name, int right, int total) {
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %s |%n", name, right, total,
                total == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", (double) right / total));
    }

    /** 1 - edit distance / length of the truth, floored at 0 (case-sensitive). */
    static double charAccuracy(String got, String truth) {
        if (truth.isEmpty()) {
            return got.isEmpty() ? 1 : 0;
        }
        int[] prev = new int[truth.length() + 1];
        int[] cur = new int[truth.length() + 1];
        for (int j = 0; j <= truth.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= got.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= truth.length(); j++) {
                int sub = prev[j - 1] + (got.charAt(i - 1) == truth.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.max(0, 1 - (double) prev[truth.length()] / truth.length());
    }
}
