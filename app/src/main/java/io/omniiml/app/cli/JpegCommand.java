package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.omniiml.api.ExitCodes;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.io.Npy;
import io.omniiml.core.jpeg.JpegCoefficientReader;
import io.omniiml.core.jpeg.JpegCoefficients;
import io.omniiml.core.jpeg.JpegQuality;
import io.omniiml.core.jpeg.JpegStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code omniiml jpeg}: JPEG coefficient tools. */
@Command(name = "jpeg", mixinStandardHelpOptions = true, description = "JPEG coefficient and quantization-table tools.",
        subcommands = {JpegCommand.Dump.class, CommandLine.HelpCommand.class})
public final class JpegCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code omniiml jpeg dump FILE --out DIR}. */
    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = {"Writes a JPEG's quantized DCT coefficients and tables in jpegio's layout:",
                    "  DIR/cN.npy  int16 (blocksHigh*8 x blocksWide*8) per component N (0-based), file order, no EXIF rotation",
                    "  DIR/qN.npy  int32 8x8 quantization table of component N, natural order",
                    "  DIR/summary.json  size, components, sampling, progressive, restart interval, quality per table",
                    "A file that ends without its end-of-image marker but has complete data is read, with a warning (as detect).",
                    "Exit code 1 if the file cannot be read (missing, a folder, not a JPEG, corrupt), 2 usage (--out is a file)."})
    public static final class Dump implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "a JPEG file")
        Path file;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created if missing)")
        Path out;

        @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "100000000",
                description = "refuse frames larger than N pixels (default: ${DEFAULT-VALUE})")
        long maxPixels;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            if (Files.exists(out) && !Files.isDirectory(out)) {
                err.println("error: --out " + out + " exists and is not a folder");
                return ExitCodes.USAGE;
            }
            String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
            byte[] data;
            try {
                data = read(file);
            } catch (IOException e) {
                err.println("error: " + file + ": " + e.getMessage());
                return ExitCodes.SOME_FAILED;
            }
            JpegStream stream;
            try {
                stream = JpegCoefficientReader.builder().optMaxPixels(maxPixels).build().decode(data, name);
            } catch (ImageReadException e) {
                err.println("error: " + e.getMessage());
                return ExitCodes.SOME_FAILED;
            }
            if (!ImageLoader.hasEndOfImage(data)) {
                // The same rule as detect: complete data without its end marker is read, with this warning.
                err.println("warning: " + name + ": " + ImageLoader.NO_END_OF_IMAGE_WARNING);
                err.flush();
            }
            Files.createDirectories(out);
            JpegCoefficients c = stream.coefficients();
            for (int i = 0; i < c.components().size(); i++) {
                JpegCoefficients.Component comp = c.components().get(i);
                Npy.write(out.resolve("c" + i + ".npy"), comp.coefficients(), comp.blocksHigh() * 8, comp.blocksWide() * 8);
                Npy.write(out.resolve("q" + i + ".npy"), c.quantTableOf(i), 8, 8);
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(out.resolve("summary.json").toFile(), summary(stream));
            spec.commandLine().getOut().printf("%s: %dx%d, %d component(s), %s, written to %s%n", file.getFileName(),
                    c.width(), c.height(), c.components().size(), c.progressive() ? "progressive" : "sequential", out);
            return ExitCodes.OK;
        }

        /** The file's bytes; an IOException with a message for the user (missing, a folder, unreadable, too large). */
        static byte[] read(Path file) throws IOException {
            if (!Files.exists(file)) {
                throw new IOException("file not found");
            }
            if (Files.isDirectory(file)) {
                throw new IOException("is a folder, not a JPEG file");
            }
            if (!Files.isReadable(file)) {
                throw new IOException("cannot read the file (permission denied)");
            }
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 64) {
                throw new IOException("file too large (" + size + " bytes)");
            }
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new IOException("cannot read the file (" + e.getMessage() + ")", e);
            }
        }

        private Map<String, Object> summary(JpegStream stream) {
            JpegCoefficients c = stream.coefficients();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("file", file.getFileName().toString());
            s.put("width", c.width());
            s.put("height", c.height());
            s.put("progressive", c.progressive());
            s.put("restartInterval", stream.restartInterval());
            s.put("scans", stream.scans());
            s.put("adobeTransform", stream.adobeTransform() < 0 ? null : stream.adobeTransform());
            s.put("orientation", "file order (EXIF orientation is not applied to coefficients)");
            List<Map<String, Object>> comps = new ArrayList<>();
            for (int i = 0; i < c.components().size(); i++) {
                JpegCoefficients.Component comp = c.components().get(i);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", i);
                m.put("id", comp.id());
                m.put("hSampling", comp.hSampling());
                m.put("vSampling", comp.vSampling());
                m.put("quantTable", comp.quantTable());
                m.put("blocksWide", comp.blocksWide());
                m.put("blocksHigh", comp.blocksHigh());
                m.put("coefficients", "c" + i + ".npy");
                m.put("table", "q" + i + ".npy");
                comps.add(m);
            }
            s.put("components", comps);
            List<Map<String, Object>> tables = new ArrayList<>();
            for (JpegQuality.TableSummary t : JpegQuality.summarize(c)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("slot", t.slot());
                m.put("components", t.componentIndexes());
                m.put("comparedWith", t.estimate().luminance() ? "luminance" : "chrominance");
                m.put("estimatedQuality", t.estimate().quality());
                m.put("standardIjgTable", t.estimate().standard());
                m.put("meanAbsError", t.estimate().meanAbsError());
                tables.add(m);
            }
            s.put("quantTables", tables);
            return s;
        }
    }
}
