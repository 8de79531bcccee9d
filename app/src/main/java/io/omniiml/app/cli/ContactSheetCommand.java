package io.omniiml.app.cli;

import io.omniiml.api.ExitCodes;
import io.omniiml.core.data.Task;
import io.omniiml.synth.ContactSheet;
import io.omniiml.synth.SampleGenerator;
import io.omniiml.synth.Split;
import io.omniiml.synth.SyntheticSample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;

/** {@code omniiml contact-sheet}: a PNG grid of generated samples with their mask outlines, one row per task. */
@Command(name = "contact-sheet", mixinStandardHelpOptions = true,
        description = "Render generated samples of every task into one PNG with the mask outlined in red, to judge realism.")
public final class ContactSheetCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    @Option(names = "--per-task", defaultValue = "6", description = "samples per task (default: ${DEFAULT-VALUE})")
    int perTask;

    @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--size", defaultValue = "512", description = "crop size of the samples (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--tile", defaultValue = "256", description = "tile size in the sheet (default: ${DEFAULT-VALUE})")
    int tile;

    @Option(names = "--tasks", split = ",", description = "tasks to show (default: all four)")
    List<String> tasks;

    @Option(names = "--sources", description = "data root (default: $OMNIIML_SHARED/data or /work/shared/data)")
    Path sources;

    @Override
    public Integer call() throws Exception {
        List<List<SyntheticSample>> rows = new ArrayList<>();
        List<Task> list = new ArrayList<>();
        if (tasks == null) {
            list.addAll(List.of(Task.values()));
        } else {
            tasks.forEach(t -> list.add(Task.fromId(t)));
        }
        for (Task t : list) {
            SampleGenerator.Builder b = SampleGenerator.builder().setSplit(Split.TRAIN).optTask(t).optSeed(seed)
                    .optCropSize(size).optAuthenticFraction(0);
            if (sources != null) {
                b.optSources(sources);
            }
            SampleGenerator gen = b.build();
            List<SyntheticSample> row = new ArrayList<>();
            try (var it = gen.prefetchingIterator(0)) {
                for (int i = 0; i < perTask; i++) {
                    row.add(it.next());
                }
            }
            rows.add(row);
        }
        ImageIO.write(ContactSheet.render(rows, tile), "png", out.toFile());
        System.out.println("wrote " + out);
        return ExitCodes.OK;
    }
}
