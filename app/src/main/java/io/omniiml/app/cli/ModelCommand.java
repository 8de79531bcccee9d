package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.omniiml.model.OmniImlModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code omniiml model}: inspect model directories. */
@Command(name = "model", mixinStandardHelpOptions = true, subcommands = ModelCommand.Info.class,
        description = "Model directories (config.json, parameters.params, provenance.json).")
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
                return OmniIml.EXIT_USAGE;
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
                    return OmniIml.EXIT_OK;
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
            return OmniIml.EXIT_OK;
        }
    }
}
