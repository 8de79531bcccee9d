package io.omniiml.analysers;

import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;

/**
 * An analyser's measurement inside a region against the rest of the image.
 *
 * @param analyzer       analyser name
 * @param quantity       what was measured ("noise level")
 * @param inside         median of the measurement inside the region (NaN if nothing measurable there)
 * @param outside        median outside the region
 * @param scoreInside    mean tampering score inside
 * @param scoreOutside   mean tampering score outside
 * @param insidePixels   measurable pixels inside
 * @param outsidePixels  measurable pixels outside
 */
public record RegionStats(String analyzer, String quantity, double inside, double outside, double scoreInside,
                          double scoreOutside, long insidePixels, long outsidePixels) {

    /** inside / outside, NaN when either is missing or the outside is zero. */
    public double ratio() {
        if (Double.isNaN(inside) || Double.isNaN(outside) || outside == 0) {
            return Double.NaN;
        }
        return inside / outside;
    }

    /** Compares an analyser's evidence inside {@code region} with outside it (the region is resized to fit). */
    public static RegionStats compare(Evidence evidence, Mask region) {
        Field m = evidence.measure();
        Mask r = region.width() == m.width() && region.height() == m.height() ? region
                : MaskOps.resizeNearest(region, m.width(), m.height());
        float[] v = m.values();
        float[] s = evidence.score().values();
        byte[] in = r.data();
        long nIn = 0;
        long nOut = 0;
        double sIn = 0;
        double sOut = 0;
        long cIn = 0;
        long cOut = 0;
        for (int i = 0; i < v.length; i++) {
            boolean inside = in[i] != 0;
            if (inside) {
                sIn += s[i];
                cIn++;
            } else {
                sOut += s[i];
                cOut++;
            }
            if (!Float.isNaN(v[i])) {
                if (inside) {
                    nIn++;
                } else {
                    nOut++;
                }
            }
        }
        // Medians from a regular subsample of at most ~65k values per side: the measures are block-wise
        // constant, so this changes nothing but the time (sorting millions of floats per region and analyser).
        float[] a = sample(v, in, (byte) 1, nIn);
        float[] b = sample(v, in, (byte) 0, nOut);
        return new RegionStats(evidence.analyzer(), evidence.quantity(), PixelOps.median(a), PixelOps.median(b),
                cIn == 0 ? Double.NaN : sIn / cIn, cOut == 0 ? Double.NaN : sOut / cOut, nIn, nOut);
    }

    /**
     * As {@link #compare(Evidence, Mask)} for a region given as its mask over a window of a w x h image (outside
     * the window: not in the region); the same numbers, without a mask the size of the image.
     */
    public static RegionStats compare(Evidence evidence, Mask windowMask, io.omniiml.core.mask.Box window, int w, int h) {
        Field m = evidence.measure();
        int mw = m.width();
        int mh = m.height();
        boolean same = mw == w && mh == h;
        // map pixel -> image pixel as MaskOps.resizeNearest samples the region mask
        int[] sx = new int[mw];
        for (int x = 0; x < mw; x++) {
            sx[x] = same ? x : Math.min(w - 1, (int) ((x + 0.5) * w / mw));
        }
        byte[] in = new byte[mw * mh];
        byte[] wm = windowMask.data();
        for (int y = 0; y < mh; y++) {
            int iy = same ? y : Math.min(h - 1, (int) ((y + 0.5) * h / mh));
            if (iy < window.y() || iy >= window.y() + window.height()) {
                continue;
            }
            int row = (iy - window.y()) * window.width();
            for (int x = 0; x < mw; x++) {
                int ix = sx[x];
                if (ix >= window.x() && ix < window.x() + window.width() && wm[row + ix - window.x()] != 0) {
                    in[y * mw + x] = 1;
                }
            }
        }
        return compare(evidence, new Mask(mw, mh, in));
    }

    private static float[] sample(float[] v, byte[] in, byte side, long count) {
        long stride = Math.max(1, count / 65536);
        float[] out = new float[(int) ((count + stride - 1) / stride)];
        long seen = 0;
        int k = 0;
        for (int i = 0; i < v.length && k < out.length; i++) {
            if ((in[i] != 0) == (side != 0) && !Float.isNaN(v[i])) {
                if (seen % stride == 0) {
                    out[k++] = v[i];
                }
                seen++;
            }
        }
        return k == out.length ? out : java.util.Arrays.copyOf(out, k);
    }
}
