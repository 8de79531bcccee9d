package io.omniiml.app.cli;

import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.EvidenceAnalyzer;
import io.omniiml.analysers.EvidenceAnalyzers;
import io.omniiml.api.ExitCodes;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.ProbabilityMapOps;
import io.omniiml.explain.ExplanationWriter;
import io.omniiml.pipeline.OutputNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;

/** {@code omniiml evidence NAME|all IMAGE... --out DIR}: forensic evidence maps, each usable as a classical detector. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = {"Runs forensic evidence analysers and writes, per image STEM and analyser NAME (STEM as in detect:",
                "the file name without extension, with the extension when two inputs share it: img.png -> img_png):",
                "  DIR/STEM_NAME.png         a picture of the evidence",
                "  DIR/NAME/STEM_prob.png    the per-pixel tampering score, 16-bit (omniiml eval --pred DIR/NAME)",
                "  DIR/STEM_NAME.json        image-level numbers and findings",
                "Analysers: ela, noise, jpeg-dq, jpeg-grid, jpeg-ghost, copymove, sharpness, colour, metadata, or all.",
                "An input file is never written; an existing output file is refused (that image fails) unless --overwrite.",
                "Exit code 1 if some images could not be read or written, 2 usage."})
public final class EvidenceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "an analyser name, or all")
    String analyzer;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "image files")
    List<Path> images;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created if missing)")
    Path out;

    @Option(names = "--overwrite", description = "replace output files that exist already (inputs are never replaced)")
    boolean overwrite;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<EvidenceAnalyzer> analyzers;
        try {
            analyzers = analyzer.equalsIgnoreCase("all") ? EvidenceAnalyzers.all() : List.of(EvidenceAnalyzers.byName(analyzer));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            spec.commandLine().getErr().println("error: --out " + out + " exists and is not a folder");
            return ExitCodes.USAGE;
        }
        Files.createDirectories(out);
        OutputNames names = OutputNames.of(images);
        int failed = 0;
        for (int i = 0; i < images.size(); i++) {
            Path file = images.get(i);
            String stem = names.stem(i);
            List<Path> targets = new ArrayList<>();
            for (EvidenceAnalyzer a : analyzers) {
                targets.add(out.resolve(stem + "_" + a.name() + ".png"));
                targets.add(out.resolve(a.name()).resolve(stem + "_prob.png"));
                targets.add(out.resolve(stem + "_" + a.name() + ".json"));
            }
            LoadedImage image;
            try {
                names.check(targets, overwrite);
                image = ImageLoader.DEFAULT.load(file);
            } catch (IOException e) {
                String problem = e instanceof ImageReadException ire ? ire.problem() : e.getMessage();
                spec.commandLine().getErr().println("error: " + file + ": " + problem);
                failed++;
                continue;
            }
            for (EvidenceAnalyzer a : analyzers) {
                long t0 = System.nanoTime();
                Evidence ev = a.analyze(image);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                ImageIO.write(ev.visualization(), "png", out.resolve(stem + "_" + a.name() + ".png").toFile());
                Path dir = Files.createDirectories(out.resolve(a.name()));
                ProbabilityMapOps.write16(ev.score(), dir.resolve(stem + "_prob.png"));
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("image", file.getFileName().toString());
                json.put("stem", stem);
                json.put("analyzer", a.name());
                json.put("quantity", a.quantity());
                json.put("stats", ev.stats());
                json.put("findings", ev.findings());
                Files.writeString(out.resolve(stem + "_" + a.name() + ".json"),
                        ExplanationWriter.mapper().writeValueAsString(json) + "\n");
                spec.commandLine().getOut().printf("%s %s (%d ms): %s%n", file.getFileName(), a.name(), ms,
                        String.join("; ", ev.findings()));
            }
        }
        return failed > 0 ? ExitCodes.SOME_FAILED : ExitCodes.OK;
    }

}
