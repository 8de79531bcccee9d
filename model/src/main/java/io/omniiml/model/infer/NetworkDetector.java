package io.omniiml.model.infer;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.image.OrientationOps;
import io.omniiml.core.jpeg.JpegCoefficients;
import io.omniiml.core.jpeg.JpegEncoding;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.Segmentation;
import io.omniiml.model.OmniImlModel;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@link OmniImlModel} on whole images: builds the inputs (pixels of the STORED raster plus the luminance
 * DCT coefficients of the file), runs the network tile by tile, blends the tiles, turns the maps to the displayed
 * orientation and thresholds them.
 *
 * <pre>{@code
 * NetworkDetector detector = NetworkDetector.builder().setModel(model).optThreshold(0.5).build();
 * Detection d = detector.detect(Path.of("photo.jpg"));
 * }</pre>
 *
 * <p>Memory: the network sees one tile at a time (at most tileSize x tileSize), so native memory does not grow
 * with the image; the Java side holds the image, its coefficients and two float maps (about 20 bytes a pixel).
 *
 * <p>Cancellation: {@link Cancellation#checkpoint()} is checked before every tile (and inside the JPEG steps), so
 * work whose {@link Cancellation} was cancelled stops within one tile's time with {@code CancelledException}; the
 * predictor and its per-tile native memory are closed on the way out.
 *
 * <p>Thread safety: a detector is immutable and thread-safe; each {@code detect} call uses its own DJL
 * {@link Predictor} (whose per-tile NDManager is closed after every tile). Concurrent calls share the engine's
 * intra-op threads, so they do not run faster than sequential calls on a small machine.
 */
public final class NetworkDetector {
    /** JPEG quality used to obtain DCT coefficients for images without JPEG history (PNG, TIFF, BufferedImage). */
    public static final int DEFAULT_NON_JPEG_QUALITY = 90;

    private final OmniImlModel model;
    private final int tileSize;
    private final int tileOverlap;
    private final double threshold;
    private final Gate gate;
    private final int nonJpegQuality;
    private final int minBoxArea;
    private final ImageLoader loader;

    private NetworkDetector(Builder b) {
        model = b.model;
        tileSize = b.tileSize > 0 ? b.tileSize : model.config().tileSize();
        tileOverlap = b.tileOverlap >= 0 ? b.tileOverlap : Math.min(model.config().tileOverlap(), tileSize / 2);
        threshold = b.threshold;
        gate = b.gate;
        nonJpegQuality = b.nonJpegQuality;
        minBoxArea = b.minBoxArea;
        loader = b.loader;
        if (tileSize % TilingOps.ALIGN != 0 || tileOverlap % TilingOps.ALIGN != 0 || tileOverlap >= tileSize) {
            throw new IllegalArgumentException("tile size and overlap must be multiples of 32 with overlap < size, got "
                    + tileSize + " / " + tileOverlap);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public OmniImlModel model() {
        return model;
    }

    /** Reads and analyses an image file (any format the core loader reads). */
    public Detection detect(Path file) throws IOException {
        return detect(loader.load(file));
    }

    /**
     * Analyses a loaded image. A JPEG's own coefficients are used (the network runs on the stored raster, where
     * they live, and the maps are then oriented like {@code image.image()}); other formats are first encoded as
     * JPEG at {@link Builder#optNonJpegQuality} (default 90).
     */
    public Detection detect(LoadedImage image) throws ImageReadException {
        long t0 = System.nanoTime();
        if (image.isJpeg()) {
            JpegCoefficients coefficients = image.jpegCoefficients();
            int w = image.storedWidth();
            int h = image.storedHeight();
            short[] dct = coefficients.width() == w && coefficients.height() == h
                    ? InputOps.luminanceOnPixelGrid(coefficients, w, h) : null;
            if (dct != null) {
                return run(image.storedImage(), dct, InputOps.quantTable(coefficients), image.exifOrientation(), t0);
            }
        }
        return detect(image.image(), t0);
    }

    /** Analyses pixels without JPEG history: the luminance is encoded at the non-JPEG quality (default 90). */
    public Detection detect(BufferedImage image) {
        return detect(image, System.nanoTime());
    }

    private Detection detect(BufferedImage image, long t0) {
        BufferedImage rgb = ImageLoader.toRgb(image);
        JpegCoefficients coefficients = JpegEncoding.luminanceCoefficients(rgb, nonJpegQuality);
        short[] dct = InputOps.luminanceOnPixelGrid(coefficients, rgb.getWidth(), rgb.getHeight());
        return run(rgb, dct, InputOps.quantTable(coefficients), 1, t0);
    }

    private Detection run(BufferedImage stored, short[] dct, int[] qtable, int orientation, long t0) {
        int w = stored.getWidth();
        int h = stored.getHeight();
        float[] q = new float[64];
        for (int i = 0; i < 64; i++) {
            q[i] = qtable[i];
        }
        Cancellation.checkpoint();
        long t1 = System.nanoTime();
        float[] sum = new float[w * h];
        float[] weight = new float[w * h];
        int[] xs = TilingOps.starts(w, tileSize, tileOverlap);
        int[] ys = TilingOps.starts(h, tileSize, tileOverlap);
        double score = 0;
        double fusedArea = 0;
        double visionArea = 0;
        double fusedConfidence = 0;
        double visionConfidence = 0;
        long networkNs = 0;
        try (Predictor<TileTranslator.Tile, TileTranslator.TileResult> predictor =
                     model.djlModel().newPredictor(new TileTranslator(model.network().filterCount()))) {
            for (int yi = 0; yi < ys.length; yi++) {
                int y0 = ys[yi];
                int th = TilingOps.extent(h, y0, tileSize);
                float[] wy = TilingOps.weights(th, tileOverlap, yi > 0, yi < ys.length - 1);
                for (int xi = 0; xi < xs.length; xi++) {
                    Cancellation.checkpoint(); // per tile: cancelled work stops within one tile's time
                    int x0 = xs[xi];
                    int tw = TilingOps.extent(w, x0, tileSize);
                    float[] wx = TilingOps.weights(tw, tileOverlap, xi > 0, xi < xs.length - 1);
                    TileTranslator.Tile tile = new TileTranslator.Tile(tw, th, InputOps.rgbChw(stored, x0, y0, tw, th),
                            InputOps.dctWindow(dct, w, h, x0, y0, tw, th), q, gate.code());
                    long n0 = System.nanoTime();
                    TileTranslator.TileResult r = predictor.predict(tile);
                    networkNs += System.nanoTime() - n0;
                    score = Math.max(score, r.score());
                    double area = (double) Math.min(tw, w - x0) * Math.min(th, h - y0);
                    if (r.fused()) {
                        fusedArea += area;
                        fusedConfidence += area * r.fusedProbability();
                    } else {
                        visionArea += area;
                        visionConfidence += area * (1 - r.fusedProbability());
                    }
                    accumulate(r.probability(), tw, th, wx, wy, x0, y0, w, h, sum, weight);
                }
            }
        } catch (TranslateException e) {
            throw new IllegalStateException("network failed: " + e.getMessage(), e);
        }
        long t2 = System.nanoTime();
        boolean finite = Double.isFinite(score) && Double.isFinite(fusedConfidence + visionConfidence);
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= weight[i];
            finite &= Float.isFinite(sum[i]);
        }
        if (!finite) {
            // never a silent path choice or a NaN printed as a number (docs/model.md, "Numerics on every CPU")
            throw new IllegalStateException("the network produced non-finite values (score " + score
                    + "); run `omniiml doctor` to check this machine's engine");
        }
        weight = null;
        boolean swap = orientation >= 5;
        ProbabilityMap probability = new ProbabilityMap(swap ? h : w, swap ? w : h,
                OrientationOps.orient(sum, w, h, orientation));
        Segmentation segmentation = Segmentation.of(probability, threshold, minBoxArea);
        Mask mask = segmentation.mask();
        List<Box> boxes = segmentation.boxes();
        boolean fused = fusedArea > visionArea;
        double confidence = gate != Gate.AUTO ? 1.0
                : fused ? fusedConfidence / fusedArea : visionConfidence / visionArea;
        long t3 = System.nanoTime();
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("prepare", (t1 - t0) / 1e6);
        timings.put("network", networkNs / 1e6);
        timings.put("stitch", (t3 - t2 + (t2 - t1 - networkNs)) / 1e6);
        timings.put("total", (t3 - t0) / 1e6);
        timings.put("tiles", (double) xs.length * ys.length);
        return new Detection(probability, mask, score, boxes, fused ? "fused" : "vision", confidence, timings);
    }

    private static void accumulate(float[] p, int tw, int th, float[] wx, float[] wy, int x0, int y0, int w, int h,
                                   float[] sum, float[] weight) {
        int maxY = Math.min(th, h - y0);
        int maxX = Math.min(tw, w - x0);
        for (int y = 0; y < maxY; y++) {
            int row = (y0 + y) * w + x0;
            for (int x = 0; x < maxX; x++) {
                float wt = wx[x] * wy[y];
                sum[row + x] += wt * p[y * tw + x];
                weight[row + x] += wt;
            }
        }
    }

    /** DJL-style builder: set = required, opt = optional. */
    public static final class Builder {
        private OmniImlModel model;
        private int tileSize = -1;
        private int tileOverlap = -1;
        private double threshold = 0.5;
        private Gate gate = Gate.AUTO;
        private int nonJpegQuality = DEFAULT_NON_JPEG_QUALITY;
        private int minBoxArea = 0;
        private ImageLoader loader = ImageLoader.DEFAULT;

        public Builder setModel(OmniImlModel model) {
            this.model = model;
            return this;
        }

        /** Tile side in pixels, a multiple of 32 (default: the model config's tileSize). */
        public Builder optTileSize(int tileSize) {
            this.tileSize = tileSize;
            return this;
        }

        /** Overlap of neighbouring tiles, a multiple of 32 (default: the config's tileOverlap). */
        public Builder optTileOverlap(int tileOverlap) {
            this.tileOverlap = tileOverlap;
            return this;
        }

        /** Mask threshold on the probability, strict > (default 0.5). */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** Gate mode (default AUTO: the Modal Gate chooses per tile). */
        public Builder optGate(Gate gate) {
            this.gate = gate;
            return this;
        }

        /** JPEG quality for inputs without JPEG history (default 90). */
        public Builder optNonJpegQuality(int quality) {
            this.nonJpegQuality = quality;
            return this;
        }

        /**
         * Smallest connected component reported as a box, in pixels (default 0: the one rule of
         * {@link Segmentation#minRegionPixels(int, int)}, which detect, scan and serve use too).
         */
        public Builder optMinBoxArea(int minBoxArea) {
            this.minBoxArea = minBoxArea;
            return this;
        }

        /** Image loader for {@link #detect(Path)} (default: core's defaults and limits). */
        public Builder optImageLoader(ImageLoader loader) {
            this.loader = loader;
            return this;
        }

        public NetworkDetector build() {
            if (model == null) {
                throw new IllegalStateException("NetworkDetector needs setModel(...)");
            }
            if (model.warnIfUntrained()) {
                // warned loudly; detection proceeds so that pipelines and tests can run end to end
            }
            return new NetworkDetector(this);
        }
    }
}
