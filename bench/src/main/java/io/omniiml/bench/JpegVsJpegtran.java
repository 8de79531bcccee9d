package io.omniiml.bench;

import io.omniiml.core.jpeg.JpegCoefficientReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a table: milliseconds per file for the Java coefficient reader (in process, after warm-up, data in memory)
 * and for {@code jpegtran -copy none FILE > /dev/null} (one process per file), with and without jpegtran's process
 * start-up (measured on a 1x1 JPEG and subtracted), and the ratios.
 * Usage: java -cp bench/target/benchmarks.jar io.omniiml.bench.JpegVsJpegtran [rounds]
 */
public final class JpegVsJpegtran {
    private JpegVsJpegtran() {
    }

    static void runJpegtran(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jpegtran", "-copy", "none", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IOException("jpegtran failed on " + file);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String[][] sets = {
            {"BSDS500 481x321 (20 files)", "sources/natural_photos/bsds500", "20"},
            {"SROIE receipts (10 files)", "sources/documents_sroie", "10"},
            {"ICDAR2015 1280x720 (20 files)", "sources/scene_text_icdar2015", "20"},
            {"NIST16 3488x2616 (1 file)", "dev/nist16_sample", "1"},
            {"Debian wallpapers (12 files)", "clean/mate-backgrounds", "12"},
        };
        Path tiny = Files.createTempFile("tiny", ".jpg");
        Files.write(tiny, io.omniiml.core.jpeg.JpegEncoding.encode(
                new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB), 90));
        double startup = perFile(List.of(tiny), rounds * 4, true);
        System.out.printf(Locale.ROOT, "jpegtran process start-up (1x1 JPEG): %.2f ms%n", startup);
        System.out.printf(Locale.ROOT, "%-32s %10s %12s %12s %10s %10s%n", "set", "java ms", "jpegtran ms",
                "-startup ms", "ratio", "ratio net");
        for (String[] s : sets) {
            List<Path> files = BenchFiles.files(s[1], ".jpg", Integer.parseInt(s[2]));
            double java = perFile(files, rounds, false);
            double tran = perFile(files, rounds, true);
            double net = Math.max(0.001, tran - startup);
            System.out.printf(Locale.ROOT, "%-32s %10.2f %12.2f %12.2f %9.2fx %9.2fx%n", s[0], java, tran, net,
                    tran / java, net / java);
        }
        System.out.println("ratio = jpegtran time / Java time per file (> 1: Java is faster)");
        Files.delete(tiny);
    }

    /** Median over rounds of the mean milliseconds per file; the Java path warms up for 3 extra rounds first. */
    private static double perFile(List<Path> files, int rounds, boolean jpegtran) throws Exception {
        List<byte[]> data = new ArrayList<>();
        for (Path p : files) {
            data.add(Files.readAllBytes(p));
        }
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < rounds + (jpegtran ? 1 : 3); r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < files.size(); i++) {
                if (jpegtran) {
                    runJpegtran(files.get(i));
                } else {
                    JpegCoefficientReader.read(data.get(i), files.get(i).toString());
                }
            }
            times.add((System.nanoTime() - t0) / 1e6 / files.size());
        }
        List<Double> measured = new ArrayList<>(times.subList(jpegtran ? 1 : 3, times.size()));
        measured.sort(null);
        return measured.get(measured.size() / 2);
    }
}
