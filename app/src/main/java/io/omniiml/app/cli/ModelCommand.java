package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.omniiml.api.ExitCodes;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.pretrained.MobileNetV2Import;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code omniiml model}: inspect model directories, import pretrained layers. */
@Command(name = "model", mixinStandardHelpOptions = true,
        subcommands = {ModelCommand.Info.class, ModelCommand.ImportMobileNetV2.class},
        description = {"Model directories (config.json, parameters.params, provenance.json)",
                "and imports of pretrained layers."})
public final class ModelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code omniiml model info [DIR]}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = {"Prints a model's configuration, parameter counts and provenance (training config, data",
                    "sources and seeds, steps, images seen, wall time, commit, validation metrics).",
                    "DIR defaults to $OMNIIML_MODEL or models/default."})
    static final class Info implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        @Parameters(arity = "0..1", paramLabel = "DIR", description = "model directory")
        Path dir;

        @CommandLine.Option(names = "--json", description = "one JSON object instead of text")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Path d = dir != null ? dir : OmniImlModel.defaultDirectory();
            OmniImlModel model;
            try {
                model = OmniImlModel.load(d);
            } catch (IOException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            try (model) {
                if (json) {
                    var o = JSON.createObjectNode();
                    o.put("directory", d.toString());
                    o.set("config", JSON.readTree(model.config().toJson()));
                    o.put("parameters", model.parameterCount());
                    o.put("inference_parameters", model.inferenceParameterCount());
                    o.put("trained", model.isTrained());
                    o.set("provenance", model.provenance());
                    out.println(JSON.writeValueAsString(o));
                    return ExitCodes.OK;
                }
                out.println("model directory: " + d);
                out.println("configuration:   " + model.config().name());
                out.printf("parameters:      %,d (%,d at inference; the rest is the training-only Anomaly "
                        + "Enhancement head)%n", model.parameterCount(), model.inferenceParameterCount());
                out.println("trained:         " + (model.isTrained() ? "yes, "
                        + model.provenance().path(OmniImlModel.STEPS_KEY).asLong() + " steps" : "NO (random weights)"));
                out.println();
                out.println("config.json:");
                out.println(model.config().toJson());
                out.println();
                out.println("provenance.json:");
                out.println(JSON.writeValueAsString(model.provenance()));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code omniiml model import-mobilenetv2 --package DIR_OR_TGZ --out FILE}. */
    @Command(name = "import-mobilenetv2", mixinStandardHelpOptions = true,
            description = {"Converts the MobileNetV2 layers Conv1 .. block_10_project_BN of the npm",
                    "package nsfwjs (MIT; get it with: npm pack nsfwjs@4.4.0) into the weights",
                    "file of the pretrained vision trunk: an uncompressed .npz of float32",
                    "tensors; the same package always gives the same bytes. Beside FILE it",
                    "writes " + MobileNetV2Import.PROVENANCE_FILE + " (sources and checksums, layers, parameter",
                    "count, conversion rules) and " + MobileNetV2Import.LICENSE_FILE + " (the package's licence).",
                    "Exit codes: 0 written, 1 the package could not be read or converted or",
                    "FILE not written, 2 usage error, 3 internal error. docs/pretrained.md."})
    static final class ImportMobileNetV2 implements Callable<Integer> {
        @CommandLine.Option(names = "--package", required = true, paramLabel = "DIR_OR_TGZ",
                description = "the tarball from npm pack, or the unpacked package directory")
        Path pkg;

        @CommandLine.Option(names = "--out", required = true, paramLabel = "FILE",
                description = "weights file to write, e.g. models/pretrained/mobilenetv2-nsfwjs-4.4.0/weights.npz")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.exists(pkg)) {
                err.println("error: " + pkg + ": no such file or directory");
                return ExitCodes.USAGE;
            }
            if (Files.isDirectory(out)) {
                err.println("error: " + out + ": is a directory; --out names the weights file");
                return ExitCodes.USAGE;
            }
            MobileNetV2Import.Result r;
            try {
                r = MobileNetV2Import.write(pkg, out);
            } catch (MobileNetV2Import.ImportException e) {
                err.println("error: " + e.getMessage());
                return ExitCodes.SOME_FAILED;
            } catch (IOException e) {
                err.println("error: " + out + ": cannot write (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + ")");
                return ExitCodes.SOME_FAILED;
            }
            PrintWriter o = spec.commandLine().getOut();
            o.printf("wrote %s (%,d parameters, sha256 %s)%n", r.weights(), r.parameters(), r.sha256());
            o.println("wrote " + r.provenance());
            o.println("wrote " + r.license());
            return ExitCodes.OK;
        }
    }
}
