package io.omniiml.bench.model;

import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.infer.Detection;
import io.omniiml.model.infer.NetworkDetector;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The network alone (the tiled detector) on one large photo-like JPEG (default 4000x3000 = 12 MP) with the tiled detector; prints time, peak
 * resident memory (VmHWM: heap + native) and heap in use. Run with a bounded heap to check the 2 GiB budget:
 * <pre>
 * java -Xmx1g -Dai.djl.offline=true -cp bench/target-x/benchmarks.jar io.omniiml.bench.model.NetworkMemoryBench [W H]
 * </pre>
 */
public final class NetworkMemoryBench {
    private NetworkMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int w = args.length > 1 ? Integer.parseInt(args[0]) : 4000;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        Path file = Files.createTempFile("omniiml-large", ".jpg");
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (int) (128 + 60 * Math.sin(x * 0.01) * Math.cos(y * 0.013)) + rnd.nextInt(16);
                img.setRGB(x, y, (v << 16) | ((255 - v) << 8) | (v / 2));
            }
        }
        ImageIO.write(img, "jpg", file.toFile());
        img = null;
        System.out.printf("image %dx%d (%.1f MP), %d KiB; after writing: peak RSS %d MiB%n", w, h, w * (double) h / 1e6,
                Files.size(file) / 1024, ModelBench.peakRssMiB());
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 1)) {
            NetworkDetector detector = NetworkDetector.builder().setModel(model).build();
            long t0 = System.nanoTime();
            Detection d = detector.detect(file);
            double s = (System.nanoTime() - t0) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.out.printf("detect: %.1f s (%.2f s/MP), timings %s%n", s, s / (w * (double) h / 1e6), d.timingsMs());
            System.out.printf("peak RSS (heap + native) %d MiB; heap used %d MiB of max %d MiB%n",
                    ModelBench.peakRssMiB(), (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
