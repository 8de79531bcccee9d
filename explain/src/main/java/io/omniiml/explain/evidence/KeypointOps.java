package io.omniiml.explain.evidence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Single-scale keypoints for matching inside one image: Harris corners (spread over the image by a per-cell
 * quota, capped), a dominant gradient orientation each, and a SIFT-like 4x4x8 gradient-histogram descriptor
 * on a rotated 16x16 patch. Rotation invariant, tolerant to small scale changes; not scale invariant.
 */
public final class KeypointOps {
    static final int RADIUS = 8;
    static final int DESCRIPTOR_SIZE = 128;

    private KeypointOps() {
    }

    /** A keypoint: position in the plane's pixels, Harris response, orientation in radians, unit descriptor. */
    public record Keypoint(float x, float y, float response, float angle, float[] descriptor) {
    }

    /** 1-2-1 binomial blur, applied twice (about a Gaussian of sigma 1). */
    public static float[] smooth(float[] v, int w, int h) {
        float[] a = v;
        for (int pass = 0; pass < 2; pass++) {
            float[] t = new float[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    t[y * w + x] = 0.25f * (a[y * w + Math.max(0, x - 1)] + 2 * a[y * w + x] + a[y * w + Math.min(w - 1, x + 1)]);
                }
            }
            float[] o = new float[w * h];
            for (int y = 0; y < h; y++) {
                int up = Math.max(0, y - 1) * w;
                int dn = Math.min(h - 1, y + 1) * w;
                for (int x = 0; x < w; x++) {
                    o[y * w + x] = 0.25f * (t[up + x] + 2 * t[y * w + x] + t[dn + x]);
                }
            }
            a = o;
        }
        return a;
    }

    /** Detects up to {@code max} keypoints with descriptors on an already smoothed plane. */
    public static List<Keypoint> detect(float[] g, int w, int h, int max) {
        int border = RADIUS + 4;
        if (w <= 2 * border + 2 || h <= 2 * border + 2) {
            return List.of();
        }
        float[] gx = new float[w * h];
        float[] gy = new float[w * h];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                gx[y * w + x] = (g[y * w + x + 1] - g[y * w + x - 1]) / 2;
                gy[y * w + x] = (g[(y + 1) * w + x] - g[(y - 1) * w + x]) / 2;
            }
        }
        float[] xx = new float[w * h];
        float[] yy = new float[w * h];
        float[] xy = new float[w * h];
        for (int i = 0; i < xx.length; i++) {
            xx[i] = gx[i] * gx[i];
            yy[i] = gy[i] * gy[i];
            xy[i] = gx[i] * gy[i];
        }
        xx = PixelOps.boxMean(xx, w, h, 2);
        yy = PixelOps.boxMean(yy, w, h, 2);
        xy = PixelOps.boxMean(xy, w, h, 2);
        float[] r = new float[w * h];
        float maxR = 0;
        for (int i = 0; i < r.length; i++) {
            float det = xx[i] * yy[i] - xy[i] * xy[i];
            float tr = xx[i] + yy[i];
            r[i] = det - 0.04f * tr * tr;
            maxR = Math.max(maxR, r[i]);
        }
        // A floor on the response: corners in sensor noise on a flat area would match anything.
        float floor = Math.max(1e-2f * maxR, 4f);
        int cells = 8;
        int quota = Math.max(4, 2 * max / (cells * cells));
        List<List<int[]>> perCell = new ArrayList<>();
        for (int c = 0; c < cells * cells; c++) {
            perCell.add(new ArrayList<>());
        }
        for (int y = border; y < h - border; y++) {
            for (int x = border; x < w - border; x++) {
                float v = r[y * w + x];
                if (v < floor || !isLocalMax(r, w, x, y, 2)) {
                    continue;
                }
                int cell = Math.min(cells - 1, y * cells / h) * cells + Math.min(cells - 1, x * cells / w);
                perCell.get(cell).add(new int[]{x, y});
            }
        }
        Comparator<int[]> byResponse = Comparator.<int[]>comparingDouble(p -> -r[p[1] * w + p[0]])
                .thenComparingInt(p -> p[1]).thenComparingInt(p -> p[0]);
        List<int[]> chosen = new ArrayList<>();
        for (List<int[]> cell : perCell) {
            cell.sort(byResponse);
            chosen.addAll(cell.subList(0, Math.min(quota, cell.size())));
        }
        chosen.sort(byResponse);
        if (chosen.size() > max) {
            chosen = new ArrayList<>(chosen.subList(0, max));
        }
        List<Keypoint> out = new ArrayList<>(chosen.size());
        for (int[] p : chosen) {
            float angle = orientation(gx, gy, w, p[0], p[1]);
            out.add(new Keypoint(p[0], p[1], r[p[1] * w + p[0]], angle, descriptor(gx, gy, w, h, p[0], p[1], angle)));
        }
        return out;
    }

    private static boolean isLocalMax(float[] r, int w, int x, int y, int rad) {
        float v = r[y * w + x];
        for (int dy = -rad; dy <= rad; dy++) {
            for (int dx = -rad; dx <= rad; dx++) {
                if (dx == 0 && dy == 0) {
                    continue;
                }
                float o = r[(y + dy) * w + x + dx];
                // Ties go to the first in raster order, so plateaus give one point, deterministically.
                if (o > v || (o == v && (dy < 0 || (dy == 0 && dx < 0)))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Dominant gradient direction in a disc of radius 8 (36-bin histogram, magnitude and Gaussian weighted). */
    static float orientation(float[] gx, float[] gy, int w, int cx, int cy) {
        double[] hist = new double[36];
        for (int dy = -RADIUS; dy <= RADIUS; dy++) {
            for (int dx = -RADIUS; dx <= RADIUS; dx++) {
                if (dx * dx + dy * dy > RADIUS * RADIUS) {
                    continue;
                }
                int i = (cy + dy) * w + cx + dx;
                double mag = Math.hypot(gx[i], gy[i]);
                double a = Math.atan2(gy[i], gx[i]);
                int bin = (int) Math.floor((a + Math.PI) / (2 * Math.PI) * 36) % 36;
                hist[bin] += mag * Math.exp(-(dx * dx + dy * dy) / (2.0 * 4.0 * 4.0));
            }
        }
        double[] sm = new double[36];
        for (int b = 0; b < 36; b++) {
            sm[b] = (hist[(b + 35) % 36] + 2 * hist[b] + hist[(b + 1) % 36]) / 4;
        }
        int best = 0;
        for (int b = 1; b < 36; b++) {
            if (sm[b] > sm[best]) {
                best = b;
            }
        }
        double l = sm[(best + 35) % 36];
        double c = sm[best];
        double rr = sm[(best + 1) % 36];
        double denom = l - 2 * c + rr;
        double offset = Math.abs(denom) < 1e-12 ? 0 : 0.5 * (l - rr) / denom;
        return (float) ((best + 0.5 + offset) / 36 * 2 * Math.PI - Math.PI);
    }

    /** 4x4 cells x 8 orientation bins over a 16x16 patch rotated by {@code angle}; normalized, clipped at 0.2. */
    static float[] descriptor(float[] gx, float[] gy, int w, int h, int cx, int cy, float angle) {
        float[] d = new float[DESCRIPTOR_SIZE];
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        for (int v = -RADIUS; v < RADIUS; v++) {
            for (int u = -RADIUS; u < RADIUS; u++) {
                double su = u + 0.5;
                double sv = v + 0.5;
                double x = cx + cos * su - sin * sv;
                double y = cy + sin * su + cos * sv;
                int ix = (int) Math.round(x);
                int iy = (int) Math.round(y);
                if (ix < 1 || iy < 1 || ix >= w - 1 || iy >= h - 1) {
                    continue;
                }
                float ggx = gx[iy * w + ix];
                float ggy = gy[iy * w + ix];
                double mag = Math.hypot(ggx, ggy) * Math.exp(-(su * su + sv * sv) / (2.0 * 8 * 8));
                double rel = Math.atan2(ggy, ggx) - angle;
                rel = ((rel % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
                double fb = rel / (2 * Math.PI) * 8;
                int b0 = (int) Math.floor(fb) % 8;
                double t = fb - Math.floor(fb);
                int cell = ((v + RADIUS) / 4) * 4 + (u + RADIUS) / 4;
                d[cell * 8 + b0] += (float) (mag * (1 - t));
                d[cell * 8 + (b0 + 1) % 8] += (float) (mag * t);
            }
        }
        normalize(d);
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.min(d[i], 0.2f);
        }
        normalize(d);
        return d;
    }

    private static void normalize(float[] d) {
        double s = 0;
        for (float f : d) {
            s += f * f;
        }
        if (s > 0) {
            float inv = (float) (1 / Math.sqrt(s));
            for (int i = 0; i < d.length; i++) {
                d[i] *= inv;
            }
        }
    }

    /**
     * Matches keypoints against the others of the same image with Lowe's ratio test on the two nearest
     * neighbours that lie at least {@code minDistance} pixels away. Each unordered pair appears once.
     */
    public static List<int[]> matchWithin(List<Keypoint> kps, double ratio, double minDistance) {
        int n = kps.size();
        List<int[]> pairs = new ArrayList<>();
        java.util.Set<Long> done = new java.util.HashSet<>();
        double minD2 = minDistance * minDistance;
        double r2 = ratio * ratio;
        for (int i = 0; i < n; i++) {
            float[] a = kps.get(i).descriptor();
            double best = Double.MAX_VALUE;
            double second = Double.MAX_VALUE;
            int bestJ = -1;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                Keypoint b = kps.get(j);
                double dx = b.x() - kps.get(i).x();
                double dy = b.y() - kps.get(i).y();
                if (dx * dx + dy * dy < minD2) {
                    continue;
                }
                float[] bd = b.descriptor();
                double s = 0;
                for (int k = 0; k < DESCRIPTOR_SIZE && s < second; k++) {
                    double diff = a[k] - bd[k];
                    s += diff * diff;
                }
                if (s < best) {
                    second = best;
                    best = s;
                    bestJ = j;
                } else if (s < second) {
                    second = s;
                }
            }
            if (bestJ >= 0 && best < r2 * second) {
                long key = (long) Math.min(i, bestJ) * n + Math.max(i, bestJ);
                if (done.add(key)) {
                    pairs.add(new int[]{Math.min(i, bestJ), Math.max(i, bestJ)});
                }
            }
        }
        pairs.sort(Comparator.<int[]>comparingInt(p -> p[0]).thenComparingInt(p -> p[1]));
        return pairs;
    }

}
