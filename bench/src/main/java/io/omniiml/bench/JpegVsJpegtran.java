package io.omniiml.bench;

import io.omniiml.core.jpeg.JpegCoefficientReader;
import io.omniiml.core.jpeg.JpegEncoding;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a table of CPU milliseconds per file: the Java coefficient reader (in process, data in memory, after JIT
 * warm-up; thread CPU time) against {@code jpegtran -copy none FILE > /dev/null} (one process per file; children's
 * user+sys CPU time from the shell's {@code times}), also with jpegtran's start-up cost (a 1x1 JPEG) subtracted.
 * CPU time rather than wall time because the machine it was written on is shared and heavily loaded.
 * Usage: java -cp bench/target/benchmarks.jar io.omniiml.bench.JpegVsJpegtran [rounds]
 */
public final class JpegVsJpegtran {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
        Files.write(tiny, JpegEncoding.encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), 90));
        double startup = jpegtranCpuPerFile(List.of(tiny), rounds * 10);
        System.out.printf(Locale.ROOT, "jpegtran process start-up (1x1 JPEG): %.2f ms CPU%n", startup);
        System.out.printf(Locale.ROOT, "%-32s %10s %12s %12s %9s %10s%n", "set (CPU ms per file)", "java",
                "jpegtran", "-startup", "ratio", "ratio net");
        for (String[] s : sets) {
            List<Path> files = BenchFiles.files(s[1], ".jpg", Integer.parseInt(s[2]));
            double java = javaCpuPerFile(files, rounds);
            double tran = jpegtranCpuPerFile(files, rounds);
            double net = tran - startup;
            System.out.printf(Locale.ROOT, "%-32s %10.2f %12.2f %12.2f %8.2fx %9.2fx%n", s[0], java, tran, net,
                    tran / java, net / java);
        }
        System.out.println("ratio = jpegtran CPU time / Java CPU time per file (> 1: Java is faster)");
        Files.delete(tiny);
    }

    /** Median over rounds of the thread CPU milliseconds per file, after at least 3 rounds and 3 s of warm-up. */
    private static double javaCpuPerFile(List<Path> files, int rounds) throws IOException {
        List<byte[]> data = new ArrayList<>();
        for (Path p : files) {
            data.add(Files.readAllBytes(p));
        }
        long until = System.nanoTime() + 3_000_000_000L;
        for (int r = 0; r < 3 || System.nanoTime() < until; r++) {
            readAll(files, data);
        }
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            readAll(files, data);
            times.add((THREADS.getCurrentThreadCpuTime() - t0) / 1e6 / files.size());
        }
        times.sort(null);
        return times.get(times.size() / 2);
    }

    private static void readAll(List<Path> files, List<byte[]> data) throws IOException {
        for (int i = 0; i < files.size(); i++) {
            JpegCoefficientReader.read(data.get(i), files.get(i).toString());
        }
    }

    /** jpegtran run rounds times over the files by one shell; the children's CPU time from bash's {@code times}. */
    private static double jpegtranCpuPerFile(List<Path> files, int rounds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c",
                "for r in $(seq $0); do for f in \"$@\"; do jpegtran -copy none \"$f\" > /dev/null || exit 1; done; done;"
                        + " times", Integer.toString(rounds)));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("jpegtran failed: " + out);
        }
        // second line of `times`: children's user and system time, e.g. "0m1.234s 0m0.100s"
        String[] children = out.trim().split("\n")[1].trim().split("\\s+");
        return (seconds(children[0]) + seconds(children[1])) * 1000 / (rounds * files.size());
    }

    private static double seconds(String bashTime) {
        String[] mAndS = bashTime.replace("s", "").split("m");
        return Integer.parseInt(mAndS[0]) * 60 + Double.parseDouble(mAndS[1]);
    }
}
