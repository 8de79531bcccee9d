package io.omniiml.bench.fusion;

import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.pipeline.ImagePipeline;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Where the time of one fused analysis goes on a large photo: a photo upscaled (bicubic) to WIDTHxHEIGHT (default
 * 4000x3000, 12 MP), saved as JPEG quality 90 in memory, then analysed once by {@link ImagePipeline} with fusion
 * and explanation. Prints network, each evidence analyser, fusion, explanation and total, in ms and as a share.
 * <pre>
 * java -Xmx6g -cp bench/target-x/benchmarks.jar io.omniiml.bench.fusion.FusionTimingBench [PHOTO] [WIDTH HEIGHT] [MODEL_DIR]
 * </pre>
 */
public final class FusionTimingBench {
    private FusionTimingBench() {
    }

    public static void main(String[] args) throws Exception {
        Path photo = Path.of(args.length > 0 ? args[0] : "/work/shared/data/clean/lomiri-wallpapers-16.04/Bridge_by_Sander_Klootwijk.jpg");
        int width = args.length > 2 ? Integer.parseInt(args[1]) : 4000;
        int height = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        Path modelDir = args.length > 3 ? Path.of(args[3]) : null;
        BufferedImage source = ImageLoader.toRgb(ImageLoader.DEFAULT.load(photo).image());
        BufferedImage big = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        LoadedImage image = ImageLoader.DEFAULT.load(jpeg(big, 0.9f), photo.getFileName() + "@" + width + "x" + height + ".jpg");
        try (ImagePipeline analyzer = ImagePipeline.load(modelDir)) {
            // warm-up on a small image: class loading, engine start, OCR library
            analyzer.analyze(ImageLoader.DEFAULT.load(jpeg(source, 0.9f), "warmup.jpg"), AnalysisOptions.DEFAULT);
            long t0 = System.nanoTime();
            AnalysisResult r = analyzer.analyze(image, AnalysisOptions.DEFAULT);
            double wall = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "image %s, %dx%d (%.1f MP), model %s, fusion rule %s%n", image.source(), width,
                    height, width * (double) height / 1e6, analyzer.detector().model().origin(), analyzer.fusionRule().kind());
            double total = r.timingsMs().get("total");
            double evidence = 0;
            Map<String, Double> sorted = new TreeMap<>(r.timingsMs());
            for (Map.Entry<String, Double> e : sorted.entrySet()) {
                if (!e.getKey().equals("total")) {
                    System.out.printf(Locale.ROOT, "%-22s %10.0f ms %6.1f %%%n", e.getKey(), e.getValue(), 100 * e.getValue() / total);
                }
                if (e.getKey().startsWith("evidence.")) {
                    evidence += e.getValue();
                }
            }
            System.out.printf(Locale.ROOT, "%-22s %10.0f ms %6.1f %%%n", "evidence (all)", evidence, 100 * evidence / total);
            System.out.printf(Locale.ROOT, "%-22s %10.0f ms (wall %.0f ms)%n", "total", total, wall);
            System.out.printf(Locale.ROOT, "copy-move matcher settings: longer side <= %d px, <= %d keypoints%n",
                    ImagePipeline.COPY_MOVE_MAX_SIDE, ImagePipeline.COPY_MOVE_MAX_KEYPOINTS);
        }
    }

    static byte[] jpeg(BufferedImage image, float quality) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), p);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
