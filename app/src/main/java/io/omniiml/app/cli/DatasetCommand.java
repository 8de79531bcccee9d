package io.omniiml.app.cli;

import io.omniiml.api.ExitCodes;
import io.omniiml.core.data.Dataset;
import io.omniiml.core.data.DatasetCheck;
import io.omniiml.core.data.DatasetProblem;
import io.omniiml.core.data.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code omniiml dataset}: dataset tools. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Dataset tools.",
        subcommands = {DatasetCommand.Check.class, CommandLine.HelpCommand.class})
public final class DatasetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code omniiml dataset check}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validates datasets: missing, unreadable or unpaired files and image/mask size mismatches.",
                    "Layouts: manifest.json, IMDL-BenCo Tp/+Gt/ or JSON list, images/+masks/ with _gt/_mask suffixes.",
                    "Exit code 1 if any problem was found."})
    public static final class Check implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "DATASET", description = "dataset folders or JSON files")
        List<Path> datasets;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            boolean anyProblem = false;
            for (Path path : datasets) {
                Dataset dataset;
                try {
                    dataset = Datasets.open(path);
                } catch (IOException e) {
                    out.println(path + ": cannot open: " + e.getMessage());
                    anyProblem = true;
                    continue;
                }
                List<DatasetProblem> problems = DatasetCheck.check(dataset);
                out.printf("%s (%s): %d images, %d tampered, %d authentic, %d problem(s)%n", dataset.name(),
                        dataset.layout(), dataset.samples().size(), dataset.tamperedCount(),
                        dataset.samples().size() - dataset.tamperedCount(), problems.size());
                for (DatasetProblem p : problems) {
                    out.println("  " + p);
                }
                anyProblem |= !problems.isEmpty();
            }
            out.flush();
            return anyProblem ? ExitCodes.SOME_FAILED : ExitCodes.OK;
        }
    }
}
