package io.omniiml.core.mask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One probability map cut into regions, once: the mask at the threshold (strict {@code >}, IMDL-BenCo's
 * convention), its 8-connected components, and the components of at least {@link #minRegionPixels()} pixels as
 * {@link Region}s, largest first (ties: top to bottom, then left to right). The boxes, the fusion regions and the
 * explanation of one analysis all read the same instance, so they describe the same regions as the mask.
 *
 * <p>The smallest region reported is the one rule {@link #minRegionPixels(int, int)} unless a caller asks for
 * another size: {@value #MIN_REGION_PIXELS} pixels, or 1/{@value #MIN_REGION_DIVISOR} of the image when that is
 * larger, but never more than a quarter of a tiny image. Smaller components stay in the mask (the mask is the map
 * at the threshold, pixel for pixel) but get no box, no fusion region and no description.
 *
 * @param threshold       the probability above which a pixel is in the mask
 * @param minRegionPixels the smallest component (pixel count, not box area) that is a region
 * @param mask            the map at the threshold
 * @param labels          per pixel: 0 background, else the component's label (1..n in raster order of first pixel)
 * @param regions         the components of at least {@code minRegionPixels} pixels, largest first
 */
public record Segmentation(double threshold, int minRegionPixels, Mask mask, int[] labels, List<Region> regions) {
    /** The smallest region size in pixels (the floor of {@link #minRegionPixels(int, int)}). */
    public static final int MIN_REGION_PIXELS = 16;
    /** On large images the smallest region is the image's pixel count divided by this. */
    public static final int MIN_REGION_DIVISOR = 4000;

    /**
     * One connected region.
     *
     * @param label          its label in {@link #labels()}
     * @param box            its bounding box
     * @param pixels         its pixel count
     * @param probabilitySum the sum of the map's probabilities over its pixels (0 when made from a mask alone)
     */
    public record Region(int label, Box box, long pixels, double probabilitySum) {
        public double meanProbability() {
            return pixels == 0 ? 0 : probabilitySum / pixels;
        }
    }

    public Segmentation {
        regions = List.copyOf(regions);
    }

    /**
     * The smallest region on a {@code width x height} image: max({@value #MIN_REGION_PIXELS},
     * pixels / {@value #MIN_REGION_DIVISOR}), but at most a quarter of the image (at least 1).
     */
    public static int minRegionPixels(int width, int height) {
        long pixels = (long) width * height;
        return (int) Math.max(Math.min(MIN_REGION_PIXELS, Math.max(1, pixels / 4)), pixels / MIN_REGION_DIVISOR);
    }

    /** {@code requested} when positive, else {@link #minRegionPixels(int, int)}. */
    public static int minRegionPixels(int width, int height, int requested) {
        return requested > 0 ? requested : minRegionPixels(width, height);
    }

    /** The segmentation of {@code map} at {@code threshold} with the default smallest region. */
    public static Segmentation of(ProbabilityMap map, double threshold) {
        return of(map, threshold, 0);
    }

    /**
     * The segmentation of {@code map} at {@code threshold}; {@code minRegionPixels} 0 or less means
     * {@link #minRegionPixels(int, int)}.
     */
    public static Segmentation of(ProbabilityMap map, double threshold, int minRegionPixels) {
        return of(map.threshold(threshold), map, threshold, minRegionPixels);
    }

    /**
     * The segmentation of a mask made already ({@code map} may be null: the regions then carry no probability).
     */
    public static Segmentation of(Mask mask, ProbabilityMap map, double threshold, int minRegionPixels) {
        int w = mask.width();
        int h = mask.height();
        if (map != null && (map.width() != w || map.height() != h)) {
            throw new IllegalArgumentException("map " + map.width() + "x" + map.height() + " and mask " + w + "x" + h
                    + " differ in size");
        }
        int min = minRegionPixels(w, h, minRegionPixels);
        int[] labels = MaskOps.connectedComponents(mask);
        int n = 0;
        for (int l : labels) {
            n = Math.max(n, l);
        }
        long[] count = new long[n + 1];
        double[] sum = new double[n + 1];
        int[] x0 = new int[n + 1], y0 = new int[n + 1], x1 = new int[n + 1], y1 = new int[n + 1];
        Arrays.fill(x0, Integer.MAX_VALUE);
        Arrays.fill(y0, Integer.MAX_VALUE);
        Arrays.fill(x1, -1);
        Arrays.fill(y1, -1);
        float[] p = map == null ? null : map.values();
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l == 0) {
                continue;
            }
            int x = i % w;
            int y = i / w;
            count[l]++;
            if (p != null) {
                sum[l] += p[i];
            }
            x0[l] = Math.min(x0[l], x);
            y0[l] = Math.min(y0[l], y);
            x1[l] = Math.max(x1[l], x);
            y1[l] = Math.max(y1[l], y);
        }
        List<Region> regions = new ArrayList<>();
        for (int l = 1; l <= n; l++) {
            if (count[l] >= min) {
                regions.add(new Region(l, new Box(x0[l], y0[l], x1[l] - x0[l] + 1, y1[l] - y0[l] + 1), count[l], sum[l]));
            }
        }
        regions.sort(ORDER);
        return new Segmentation(threshold, min, mask, labels, regions);
    }

    /** Largest first, then top to bottom, then left to right (the order of {@link MaskOps#boxes}). */
    public static final Comparator<Region> ORDER = Comparator.comparingLong((Region r) -> -r.pixels())
            .thenComparingInt(r -> r.box().y()).thenComparingInt(r -> r.box().x());

    public int width() {
        return mask.width();
    }

    public int height() {
        return mask.height();
    }

    /** The regions' boxes, in region order. */
    public List<Box> boxes() {
        return regions.stream().map(Region::box).toList();
    }

    /** A full-size mask of one region. */
    public Mask regionMask(Region region) {
        byte[] m = new byte[labels.length];
        int label = region.label();
        for (int k = 0; k < labels.length; k++) {
            if (labels[k] == label) {
                m[k] = 1;
            }
        }
        return new Mask(mask.width(), mask.height(), m);
    }
}
