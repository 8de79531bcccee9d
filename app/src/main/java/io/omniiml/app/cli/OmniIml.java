package io.omniiml.app.cli;

import io.omniiml.api.ExitCodes;
import io.omniiml.model.OmniImlModel;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The {@code omniiml} command line. Each subcommand lives in its own class in this package; add it to
 * {@code subcommands} below. Exit codes: 0 success, 1 some inputs failed, 2 usage error, 3 internal error.
 */
@Command(name = "omniiml", mixinStandardHelpOptions = true, version = "omniiml 0.1.0",
        description = "Unified image manipulation localization: whether, where and why an image was edited.",
        subcommands = {DetectCommand.class, FusionCommand.class, EvalCommand.class, DatasetCommand.class, ScanCommand.class, ServeCommand.class, JpegCommand.class, SynthCommand.class, ContactSheetCommand.class, EvidenceCommand.class, ExplainCommand.class, TrainCommand.class, ModelCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class})
public final class OmniIml implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new OmniIml());
        // A user sees one line naming the file and the problem, never a stack trace (unless OMNIIML_DEBUG is set).
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            if (System.getenv("OMNIIML_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.INTERNAL;
        });
        return cl;
    }

    /**
     * The model in {@code dir} ({@code null}: the default model), or {@code null} after printing "error: FILE:
     * problem" to {@code err}; the caller then exits with {@link #ExitCodes.USAGE}.
     */
    static OmniImlModel loadModelOrReport(Path dir, PrintWriter err) {
        try {
            return OmniImlModel.loadOrDefault(dir);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return null;
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
