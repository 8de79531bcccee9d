package io.omniiml.core.jpeg;

import io.omniiml.core.io.Npy;
import io.omniiml.core.io.NpyArray;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The independent reference: ../shared/tools/jpegcoef.c (libjpeg's jpeg_read_coefficients) compiled with gcc into a
 * temporary folder once per JVM, plus helpers that make test JPEGs with cjpeg/jpegtran (libjpeg-turbo-progs).
 */
final class LibjpegReference {
    private static Path workDir;
    private static Path tool;

    private LibjpegReference() {
    }

    static Path shared() {
        String env = System.getenv("OMNIIML_SHARED");
        Path p = env != null ? Path.of(env) : Path.of("/work/shared");
        return Files.isDirectory(p) ? p : Path.of("/work/shared");
    }

    /** Compiles the helper on first use; skips the calling test if gcc, libjpeg headers or the tools are missing. */
    static synchronized Path workDir() throws IOException, InterruptedException {
        if (tool != null) {
            return workDir;
        }
        Path source = shared().resolve("tools/jpegcoef.c");
        Assumptions.assumeTrue(Files.isRegularFile(source), "reference source missing: " + source);
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("/usr/include/jpeglib.h")),
                "libjpeg headers missing (apt-get install libjpeg62-turbo-dev)");
        Assumptions.assumeTrue(onPath("cjpeg") && onPath("jpegtran"), "cjpeg/jpegtran missing (libjpeg-turbo-progs)");
        workDir = Files.createTempDirectory("jpegcoef");
        Path exe = workDir.resolve("jpegcoef");
        ProcessResult r = run(List.of("gcc", "-O2", "-o", exe.toString(), source.toString(), "-ljpeg"));
        Assumptions.assumeTrue(r.exit == 0, "gcc could not build jpegcoef: " + r.output);
        tool = exe;
        return workDir;
    }

    private static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    record ProcessResult(int exit, String output) {
    }

    static ProcessResult run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new ProcessResult(p.exitValue(), new String(out));
    }

    /** Runs a libjpeg-turbo program that writes its output to a file (cjpeg/jpegtran -outfile). */
    static Path make(List<String> command, Path output) throws IOException, InterruptedException {
        ProcessResult r = run(command);
        if (r.exit != 0 || !Files.isRegularFile(output)) {
            throw new IOException("command failed: " + command + "\n" + r.output);
        }
        return output;
    }

    /** libjpeg's coefficients (component arrays and per-component quant tables) of a file. */
    record Dump(List<NpyArray> components, List<int[]> quantTables) {
    }

    static Dump dump(Path jpeg) throws IOException, InterruptedException {
        Path dir = workDir();
        Path prefix = Files.createTempDirectory(dir, "dump").resolve("out");
        ProcessResult r = run(List.of(tool.toString(), jpeg.toString(), prefix.toString()));
        if (r.exit != 0) {
            throw new IOException("jpegcoef failed on " + jpeg + ": " + r.output);
        }
        List<NpyArray> comps = new ArrayList<>();
        List<int[]> tables = new ArrayList<>();
        for (int c = 0; Files.exists(Path.of(prefix + "_c" + c + ".npy")); c++) {
            comps.add(Npy.read(Path.of(prefix + "_c" + c + ".npy")));
            tables.add(Npy.read(Path.of(prefix + "_q" + c + ".npy")).toInts());
        }
        return new Dump(comps, tables);
    }

    /** Asserts the Java reader gives exactly libjpeg's coefficients and tables for the file. */
    static JpegCoefficients assertSameAsLibjpeg(Path jpeg) throws IOException, InterruptedException {
        Dump ref = dump(jpeg);
        JpegCoefficients ours = JpegCoefficientReader.read(jpeg);
        String name = jpeg.getFileName().toString();
        assertEquals(ref.components().size(), ours.components().size(), name + ": component count");
        for (int c = 0; c < ref.components().size(); c++) {
            NpyArray expected = ref.components().get(c);
            JpegCoefficients.Component comp = ours.components().get(c);
            assertArrayEquals(expected.shape(), new int[]{comp.blocksHigh() * 8, comp.blocksWide() * 8},
                    name + ": shape of component " + c);
            assertArrayEquals(expected.toShorts(), comp.coefficients(), name + ": coefficients of component " + c);
            assertArrayEquals(ref.quantTables().get(c), ours.quantTableOf(c), name + ": quant table of component " + c);
        }
        return ours;
    }
}
