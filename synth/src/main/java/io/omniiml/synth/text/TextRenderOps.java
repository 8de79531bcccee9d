package io.omniiml.synth.text;

import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.image.Stencil;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Renders text as coverage (0..1) and maps it into any quadrilateral by a homography. */
public final class TextRenderOps {
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private TextRenderOps() {
    }

    public static double advance(Font font, String text) {
        return font.getStringBounds(text, FRC).getWidth();
    }

    /** Tight bounds of the ink of {@code text} relative to the baseline origin. */
    public static Rectangle2D inkBounds(Font font, String text) {
        return font.createGlyphVector(FRC, text).getVisualBounds();
    }

    /**
     * Coverage of {@code text} drawn with its baseline origin at (x, baseline) in canvas coordinates, as a
     * stencil (antialiased like Java2D draws the documents), optionally blurred by {@code sigma}.
     */
    public static Stencil render(String text, Font font, double x, double baseline, double sigma) {
        Rectangle2D ink = font.getStringBounds(text, FRC);
        Rectangle2D vis = inkBounds(font, text);
        int pad = 3 + (int) Math.ceil(3 * sigma);
        int x0 = (int) Math.floor(x + Math.min(0, vis.getMinX())) - pad;
        int y0 = (int) Math.floor(baseline + Math.min(ink.getMinY(), vis.getMinY())) - pad;
        int x1 = (int) Math.ceil(x + Math.max(ink.getMaxX(), vis.getMaxX())) + pad;
        int y1 = (int) Math.ceil(baseline + Math.max(ink.getMaxY(), vis.getMaxY())) + pad;
        int w = x1 - x0;
        int h = y1 - y0;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(java.awt.Color.WHITE);
        g.setFont(font);
        g.drawString(text, (float) (x - x0), (float) (baseline - y0));
        g.dispose();
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        float[] a = new float[w * h];
        for (int i = 0; i < a.length; i++) {
            a[i] = (data[i] & 255) / 255f;
        }
        if (sigma > 0) {
            RasterOps.blurPlane(a, w, h, sigma);
        }
        return new Stencil(x0, y0, w, h, a);
    }

    /**
     * Coverage of {@code text} stretched so that its ink box fills the quadrilateral {@code quad}
     * (clockwise from top-left): perspective text on signs, or text fitted to a scanned line's ink.
     */
    public static Stencil renderIntoQuad(String text, Font font, double[] quad, double sigma) {
        Rectangle2D vis = inkBounds(font, text);
        int pad = 2;
        int rw = (int) Math.ceil(vis.getWidth()) + 2 * pad;
        int rh = (int) Math.ceil(vis.getHeight()) + 2 * pad;
        BufferedImage img = new BufferedImage(Math.max(1, rw), Math.max(1, rh), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(java.awt.Color.WHITE);
        g.setFont(font);
        g.drawString(text, (float) (pad - vis.getMinX()), (float) (pad - vis.getMinY()));
        g.dispose();
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        // Map the ink rectangle (pad..pad+inkW, pad..pad+inkH) onto the quad.
        double[] rect = {pad, pad, pad + vis.getWidth(), pad, pad + vis.getWidth(), pad + vis.getHeight(), pad,
                pad + vis.getHeight()};
        double[] toRect = homography(quad, rect);
        int margin = 2 + (int) Math.ceil(3 * sigma);
        int x0 = (int) Math.floor(Math.min(Math.min(quad[0], quad[2]), Math.min(quad[4], quad[6]))) - margin;
        int y0 = (int) Math.floor(Math.min(Math.min(quad[1], quad[3]), Math.min(quad[5], quad[7]))) - margin;
        int x1 = (int) Math.ceil(Math.max(Math.max(quad[0], quad[2]), Math.max(quad[4], quad[6]))) + margin;
        int y1 = (int) Math.ceil(Math.max(Math.max(quad[1], quad[3]), Math.max(quad[5], quad[7]))) + margin;
        int w = x1 - x0;
        int h = y1 - y0;
        float[] a = new float[w * h];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double px = x0 + c + 0.5;
                double py = y0 + r + 0.5;
                double d = toRect[6] * px + toRect[7] * py + 1;
                double u = (toRect[0] * px + toRect[1] * py + toRect[2]) / d - 0.5;
                double v = (toRect[3] * px + toRect[4] * py + toRect[5]) / d - 0.5;
                a[r * w + c] = sample(data, rw, rh, u, v);
            }
        }
        if (sigma > 0) {
            RasterOps.blurPlane(a, w, h, sigma);
        }
        return new Stencil(x0, y0, w, h, a);
    }

    private static float sample(byte[] data, int w, int h, double u, double v) {
        if (u < -1 || v < -1 || u > w || v > h) {
            return 0;
        }
        int x0 = (int) Math.floor(u);
        int y0 = (int) Math.floor(v);
        double fx = u - x0;
        double fy = v - y0;
        double s = (1 - fx) * (1 - fy) * at(data, w, h, x0, y0) + fx * (1 - fy) * at(data, w, h, x0 + 1, y0)
                + (1 - fx) * fy * at(data, w, h, x0, y0 + 1) + fx * fy * at(data, w, h, x0 + 1, y0 + 1);
        return (float) (s / 255);
    }

    private static int at(byte[] data, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : data[y * w + x] & 255;
    }

    /**
     * The homography (h0..h7, h8 = 1) mapping the four points {@code from} onto {@code to}, solved as the
     * standard 8x8 linear system by Gaussian elimination with partial pivoting.
     */
    public static double[] homography(double[] from, double[] to) {
        double[][] a = new double[8][9];
        for (int i = 0; i < 4; i++) {
            double x = from[2 * i];
            double y = from[2 * i + 1];
            double u = to[2 * i];
            double v = to[2 * i + 1];
            a[2 * i] = new double[]{x, y, 1, 0, 0, 0, -u * x, -u * y, u};
            a[2 * i + 1] = new double[]{0, 0, 0, x, y, 1, -v * x, -v * y, v};
        }
        for (int col = 0; col < 8; col++) {
            int piv = col;
            for (int r = col + 1; r < 8; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            double[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            if (Math.abs(a[col][col]) < 1e-12) {
                throw new IllegalArgumentException("degenerate quadrilateral");
            }
            for (int r = 0; r < 8; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int k = col; k < 9; k++) {
                        a[r][k] -= f * a[col][k];
                    }
                }
            }
        }
        double[] h = new double[8];
        for (int i = 0; i < 8; i++) {
            h[i] = a[i][8] / a[i][i];
        }
        return h;
    }
}
