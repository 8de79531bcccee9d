package io.omniiml.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.app.cli.OmniIml;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The whole {@code detect} (network, every analyser, fusion, explanation, artefacts) on large images, each in a child
 * JVM with a bounded heap, with peak resident memory and time per stage (issue 17, docs/fusion.md "Memory").
 *
 * <pre>
 * java -cp ... io.omniiml.bench.DetectMemoryBench [--sizes 12,35,50] [--heap 2g] [--format jpg|png] [--work DIR]
 * </pre>
 * Per size (megapixels, 4:3 for jpg, the 4960x7000 receipt-scan aspect for png) a synthetic image (textured
 * background, a pasted block, a copied block, text-like strokes) is written, then the child runs
 * {@code omniiml detect --out DIR --overwrite IMAGE} in-process and prints its VmHWM (peak RSS) from
 * /proc/self/status and the stage timings from the written JSON. Load and writing are the child's detect wall time
 * minus the analysis total. The model is $OMNIIML_MODEL (the launcher's default: models/default).
 */
public final class DetectMemoryBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DetectMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        String sizes = "12,35,50";
        String heap = "2g";
        String format = "jpg";
        Path work = Files.createTempDirectory("omniiml-detect-mem");
        for (int i = 0; i < args.length - 1; i += 2) {
            switch (args[i]) {
                case "--sizes" -> sizes = args[i + 1];
                case "--heap" -> heap = args[i + 1];
                case "--format" -> format = args[i + 1];
                case "--work" -> work = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(work);
        List<String> rows = new ArrayList<>();
        String header = String.format(Locale.ROOT, "%-5s %-11s %-8s %-6s %-7s %-7s %-8s %s",
                "MP", "size", "peakRSS", "wall_s", "s/MP", "status", "network", "stages (s)");
        for (String s : sizes.split(",")) {
            double mp = Double.parseDouble(s.trim());
            int w;
            int h;
            if (format.equals("png")) {
                w = (int) Math.round(Math.sqrt(mp * 1e6 * 4960.0 / 7000.0));
                h = (int) Math.round(mp * 1e6 / w);
            } else {
                w = (int) Math.round(Math.sqrt(mp * 1e6 * 4.0 / 3.0));
                h = (int) Math.round(mp * 1e6 / w);
            }
            Path image = work.resolve("bench_" + s.trim() + "mp." + format);
            if (!Files.exists(image)) {
                write(synthetic(w, h, 17L), image, format);
            }
            Path out = work.resolve("out_" + s.trim());
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-XX:+UseG1GC", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                    DetectMemoryBench.class.getName(), "--child", image.toString(), out.toString()));
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String result = null;
            StringBuilder log = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("RESULT ")) {
                        result = line.substring(7);
                    } else {
                        log.append(line).append('\n');
                    }
                }
            }
            int rc = p.waitFor();
            double wall = (System.nanoTime() - t0) / 1e9;
            if (result == null) {
                String tail = log.length() > 2000 ? log.substring(log.length() - 2000) : log.toString();
                rows.add(String.format(Locale.ROOT, "%-5s %-11s %-8s %-6.1f %-7s %-7s  child failed rc=%d:%n%s",
                        s.trim(), w + "x" + h, "-", wall, "-", "FAILED", rc, tail));
                continue;
            }
            JsonNode r = JSON.readTree(result);
            JsonNode t = r.get("timings_ms");
            StringBuilder stages = new StringBuilder();
            double analysed = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("total")) {
                    analysed = e.getValue().asDouble();
                    continue;
                }
                stages.append(String.format(Locale.ROOT, " %s=%.1f", e.getKey().replace("evidence.", ""), e.getValue().asDouble() / 1000));
            }
            double detectS = r.get("detect_ms").asDouble() / 1000;
            stages.append(String.format(Locale.ROOT, " load+write=%.1f", detectS - analysed / 1000));
            rows.add(String.format(Locale.ROOT, "%-5s %-11s %-8s %-6.1f %-7.2f %-7s %s", s.trim(), w + "x" + h,
                    r.get("vm_hwm_mb").asLong() + "MB", detectS, detectS / (w * (double) h / 1e6),
                    r.get("rc").asInt() == 0 ? "ok" : "rc=" + r.get("rc").asInt(), stages.toString().trim()));
        }
        System.out.println("detect per image in a child JVM, -Xmx" + heap + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs (wall_s: the detect call in the child, JVM start excluded; peakRSS: the child's VmHWM)");
        System.out.println(header);
        rows.forEach(System.out::println);
    }

    /** In the child: one detect through the CLI, then one RESULT line (JSON) with timings and VmHWM. */
    private static void child(Path image, Path out) throws IOException {
        long t0 = System.nanoTime();
        int rc = OmniIml.commandLine().execute("detect", "--out", out.toString(), "--overwrite", "--format", "json",
                image.toString());
        double ms = (System.nanoTime() - t0) / 1e6;
        String stem = image.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        Path json = out.resolve(stem + ".json");
        var node = JSON.createObjectNode();
        node.put("rc", rc);
        node.put("detect_ms", ms);
        node.put("vm_hwm_mb", vmHwmKb() / 1024);
        if (Files.exists(json)) {
            node.set("timings_ms", JSON.readTree(json.toFile()).path("timings_ms"));
        } else {
            node.putObject("timings_ms");
        }
        System.out.println("RESULT " + JSON.writeValueAsString(node));
    }

    static long vmHwmKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** A textured photo-like image with a pasted block, a copied block and dark text-like strokes. */
    static BufferedImage synthetic(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(seed);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = 120 + (int) (60 * Math.sin(x / 400.0) * Math.cos(y / 300.0));
                int n = rnd.nextInt(17) - 8;
                int r = clamp(base + n + 20);
                int g = clamp(base + n);
                int b = clamp(base + n - 20);
                row[x] = (r << 16) | (g << 8) | b;
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(30, 30, 30));
        for (int i = 0; i < 200; i++) {
            g.fillRect(rnd.nextInt(Math.max(1, w - 400)), rnd.nextInt(Math.max(1, h - 40)), 50 + rnd.nextInt(350), 6 + rnd.nextInt(20));
        }
        int bs = Math.min(w, h) / 8;
        g.setColor(new Color(200, 60, 60));
        g.fillOval(w / 5, h / 5, bs, bs);
        g.dispose();
        // a copied block (copy-move)
        int[] block = img.getRGB(w / 2, h / 2, bs, bs, null, 0, bs);
        img.setRGB(w / 2 + bs + bs / 2, h / 2 - bs / 3, bs, bs, block, 0, bs);
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static void write(BufferedImage img, Path file, String format) throws IOException {
        if (format.equals("png")) {
            ImageIO.write(img, "png", file.toFile());
            return;
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        try (ImageOutputStream os = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(os);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
