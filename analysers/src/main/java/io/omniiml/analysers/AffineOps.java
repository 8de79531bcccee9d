package io.omniiml.analysers;

import java.util.List;

/** 2-D affine transforms as {a, b, c, d, e, f}: x' = a x + b y + c, y' = d x + e y + f. */
public final class AffineOps {
    private AffineOps() {
    }

    /** The exact affine through three point pairs, or null when the source points are (nearly) collinear. */
    public static double[] fromThree(double[] src, double[] dst) {
        double x1 = src[0], y1 = src[1], x2 = src[2], y2 = src[3], x3 = src[4], y3 = src[5];
        double det = x1 * (y2 - y3) - y1 * (x2 - x3) + (x2 * y3 - x3 * y2);
        if (Math.abs(det) < 1e-3) {
            return null;
        }
        double[] t = new double[6];
        for (int row = 0; row < 2; row++) {
            double u1 = dst[row], u2 = dst[2 + row], u3 = dst[4 + row];
            double a = (u1 * (y2 - y3) - y1 * (u2 - u3) + (u2 * y3 - u3 * y2)) / det;
            double b = (x1 * (u2 - u3) - u1 * (x2 - x3) + (x2 * u3 - x3 * u2)) / det;
            double c = (x1 * (y2 * u3 - y3 * u2) - y1 * (x2 * u3 - x3 * u2) + u1 * (x2 * y3 - x3 * y2)) / det;
            t[row * 3] = a;
            t[row * 3 + 1] = b;
            t[row * 3 + 2] = c;
        }
        return t;
    }

    /** Least-squares affine from n >= 3 pairs (src[i] -> dst[i], each {x, y}); null if degenerate. */
    public static double[] fit(List<double[]> src, List<double[]> dst) {
        double sxx = 0, sxy = 0, syy = 0, sx = 0, sy = 0;
        double[] bx = new double[3];
        double[] by = new double[3];
        int n = src.size();
        for (int i = 0; i < n; i++) {
            double x = src.get(i)[0], y = src.get(i)[1];
            double u = dst.get(i)[0], v = dst.get(i)[1];
            sxx += x * x; sxy += x * y; syy += y * y; sx += x; sy += y;
            bx[0] += x * u; bx[1] += y * u; bx[2] += u;
            by[0] += x * v; by[1] += y * v; by[2] += v;
        }
        double[][] m = {{sxx, sxy, sx}, {sxy, syy, sy}, {sx, sy, n}};
        double[] p = solve3(m, bx);
        double[] q = solve3(m, by);
        return p == null || q == null ? null : new double[]{p[0], p[1], p[2], q[0], q[1], q[2]};
    }

    private static double[] solve3(double[][] m, double[] b) {
        double det = det3(m);
        if (Math.abs(det) < 1e-9) {
            return null;
        }
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] k = {m[0].clone(), m[1].clone(), m[2].clone()};
            for (int r = 0; r < 3; r++) {
                k[r][c] = b[r];
            }
            out[c] = det3(k) / det;
        }
        return out;
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    public static double[] apply(double[] t, double x, double y) {
        return new double[]{t[0] * x + t[1] * y + t[2], t[3] * x + t[4] * y + t[5]};
    }

    /** The inverse transform, or null if singular. */
    public static double[] invert(double[] t) {
        double det = t[0] * t[4] - t[1] * t[3];
        if (Math.abs(det) < 1e-12) {
            return null;
        }
        double a = t[4] / det, b = -t[1] / det, d = -t[3] / det, e = t[0] / det;
        return new double[]{a, b, -(a * t[2] + b * t[5]), d, e, -(d * t[2] + e * t[5])};
    }

    /** Rotation of the linear part in degrees (of its closest similarity). */
    public static double rotationDegrees(double[] t) {
        return Math.toDegrees(Math.atan2(t[3] - t[1], t[0] + t[4]));
    }

    /** Scale of the linear part: sqrt |det|. */
    public static double scale(double[] t) {
        return Math.sqrt(Math.abs(t[0] * t[4] - t[1] * t[3]));
    }

    /**
     * The image of a mask under t: out(x, y) = mask(t^-1(x, y)) (nearest pixel); empty when t is singular.
     */
    public static byte[] mirror(byte[] mask, int w, int h, double[] t) {
        byte[] out = new byte[w * h];
        double[] inv = invert(t);
        if (inv == null) {
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = (int) Math.round(inv[0] * x + inv[1] * y + inv[2]);
                int sy = (int) Math.round(inv[3] * x + inv[4] * y + inv[5]);
                if (sx >= 0 && sy >= 0 && sx < w && sy < h && mask[sy * w + sx] != 0) {
                    out[y * w + x] = 1;
                }
            }
        }
        return out;
    }
}
