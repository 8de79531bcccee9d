package io.omniiml.app.cli;

import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.EvidenceAnalyzers;
import io.omniiml.api.ExitCodes;
import io.omniiml.core.data.Task;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.ProbabilityMapOps;
import io.omniiml.explain.Explainer;
import io.omniiml.explain.Explanation;
import io.omniiml.explain.ExplanationWriter;
import io.omniiml.explain.llm.LlmExplainer;
import io.omniiml.explain.text.TextReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code omniiml explain IMAGE --mask MASK}: the explanation of a mask or probability map, in JSON or sentences. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains a tampering mask or probability map (PNG, 8/16-bit; or .npy): per region its content,",
                "absolute and relative position and the measured artifacts (Omni-273k fields), plus image-level findings.",
                "Local and deterministic by default; --llm-url asks an OpenAI-compatible vision endpoint instead",
                "(falling back to the local explanation if it fails). Exit code 1 if the image or mask cannot be read."})
public final class ExplainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "the image")
    java.nio.file.Path image;

    @Option(names = "--mask", required = true, paramLabel = "MASK", description = "mask or probability map (tampered > 0.5)")
    java.nio.file.Path mask;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json|text", description = "output format (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--task", paramLabel = "TASK", description = "natural, document, face or scene_text (default: unknown)")
    String task;

    @Option(names = "--min-area", defaultValue = "0", paramLabel = "PX", description = "smallest region described (0 = image pixels / 4000)")
    int minArea;

    @Option(names = "--no-ocr", description = "do not run OCR")
    boolean noOcr;

    @Option(names = "--ghosts", description = "also run JPEG ghosts (ten re-encodes, slower)")
    boolean ghosts;

    @Option(names = "--llm-url", paramLabel = "URL", description = "OpenAI-compatible chat completions URL, e.g. http://localhost:8000/v1/chat/completions")
    URI llmUrl;

    @Option(names = "--llm-model", paramLabel = "MODEL", description = "model name for the endpoint")
    String llmModel;

    @Option(names = "--llm-key-env", defaultValue = "OMNIIML_LLM_KEY", paramLabel = "VAR",
            description = "environment variable holding the API key (default: ${DEFAULT-VALUE}); unset = no Authorization header")
    String llmKeyEnv;

    @Option(names = "--llm-timeout", defaultValue = "60", paramLabel = "SECONDS", description = "per-request timeout (default: ${DEFAULT-VALUE})")
    int llmTimeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!format.equals("json") && !format.equals("text")) {
            spec.commandLine().getErr().println("error: --format must be json or text, not " + format);
            return ExitCodes.USAGE;
        }
        Task hint;
        try {
            hint = task == null ? null : Task.fromId(task);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (llmUrl != null && llmModel == null) {
            spec.commandLine().getErr().println("error: --llm-url needs --llm-model");
            return ExitCodes.USAGE;
        }
        LoadedImage img;
        ProbabilityMap pred;
        try {
            img = ImageLoader.DEFAULT.load(image);
            pred = ProbabilityMapOps.read(mask);
        } catch (ImageReadException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.SOME_FAILED;
        }
        List<String> names = new ArrayList<>(Explainer.DEFAULT_ANALYZERS);
        if (ghosts) {
            names.add("jpeg-ghost");
        }
        Explainer explainer = Explainer.builder()
                .optAnalyzers(names.stream().map(EvidenceAnalyzers::byName).toList())
                .optTextReader(noOcr ? TextReader.disabled("OCR turned off (--no-ocr)") : TextReader.create())
                .optMinArea(minArea)
                .build();
        Map<String, Evidence> evidence = explainer.evidence(img);
        Explanation local = explainer.explain(img, pred, hint, List.of(), evidence);
        Explanation result = local;
        if (llmUrl != null) {
            LlmExplainer llm = LlmExplainer.builder(llmUrl, llmModel)
                    .optApiKey(System.getenv(llmKeyEnv))
                    .optTimeout(Duration.ofSeconds(llmTimeout))
                    .build();
            LlmExplainer.Result r = llm.explainOrFallback(img, pred, local);
            if (r.error() != null) {
                spec.commandLine().getErr().println("warning: " + r.error() + "; the local explanation is used");
            }
            result = r.explanation();
        }
        spec.commandLine().getOut().print(format.equals("json") ? ExplanationWriter.json(result) : ExplanationWriter.text(result));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
