package io.omniiml.explain.evidence;

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
        int nIn = 0;
        int nOut = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isNaN(v[i])) {
                if (in[i] != 0) {
                    nIn++;
                } else {
                    nOut++;
                }
            }
        }
        float[] a = new float[nIn];
        float[] b = new float[nOut];
        double sIn = 0;
        double sOut = 0;
        long cIn = 0;
        long cOut = 0;
        int ia = 0;
        int ib = 0;
        for (int i = 0; i < v.length; i++) {
            if (in[i] != 0) {
                sIn += s[i];
                cIn++;
            } else {
                sOut += s[i];
                cOut++;
            }
            if (!Float.isNaN(v[i])) {
                if (in[i] != 0) {
                    a[ia++] = v[i];
                } else {
                    b[ib++] = v[i];
                }
            }
        }
        return new RegionStats(evidence.analyzer(), evidence.quantity(), PixelOps.median(a), PixelOps.median(b),
                cIn == 0 ? Double.NaN : sIn / cIn, cOut == 0 ? Double.NaN : sOut / cOut, nIn, nOut);
    }
}
