package io.omniiml.synth.text;

import io.omniiml.core.mask.Box;

/**
 * A piece of text in an image: its quadrilateral (x0,y0 .. x3,y3 clockwise from top-left), transcription,
 * and, where the engine drew it itself, the exact style (font file, pixel size, colour); else nulls / -1.
 */
public record TextRegion(double[] quad, String text, boolean legible, String fontFile, float fontSize, int color) {

    public static TextRegion unstyled(double[] quad, String text) {
        return new TextRegion(quad, text, !"###".equals(text), null, -1, -1);
    }

    public boolean styled() {
        return fontFile != null;
    }

    public Box bounds() {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            minX = Math.min(minX, quad[2 * i]);
            maxX = Math.max(maxX, quad[2 * i]);
            minY = Math.min(minY, quad[2 * i + 1]);
            maxY = Math.max(maxY, quad[2 * i + 1]);
        }
        int x = (int) Math.floor(minX);
        int y = (int) Math.floor(minY);
        return new Box(x, y, (int) Math.ceil(maxX) - x, (int) Math.ceil(maxY) - y);
    }

    public TextRegion translate(int dx, int dy) {
        double[] q = quad.clone();
        for (int i = 0; i < 4; i++) {
            q[2 * i] += dx;
            q[2 * i + 1] += dy;
        }
        return new TextRegion(q, text, legible, fontFile, fontSize, color);
    }

    /** Mean length of the top and bottom edges. */
    public double length() {
        return (Math.hypot(quad[2] - quad[0], quad[3] - quad[1]) + Math.hypot(quad[4] - quad[6], quad[5] - quad[7])) / 2;
    }

    /** Mean length of the left and right edges. */
    public double thickness() {
        return (Math.hypot(quad[6] - quad[0], quad[7] - quad[1]) + Math.hypot(quad[4] - quad[2], quad[5] - quad[3])) / 2;
    }

    /** The sub-quad covering the fraction [from, to) of the text along its baseline. */
    public double[] span(double from, double to) {
        double[] q = new double[8];
        lerp(quad, 0, 1, from, q, 0);
        lerp(quad, 0, 1, to, q, 1);
        lerp(quad, 3, 2, to, q, 2);
        lerp(quad, 3, 2, from, q, 3);
        return q;
    }

    private static void lerp(double[] quad, int a, int b, double t, double[] out, int slot) {
        out[2 * slot] = quad[2 * a] + (quad[2 * b] - quad[2 * a]) * t;
        out[2 * slot + 1] = quad[2 * a + 1] + (quad[2 * b + 1] - quad[2 * a + 1]) * t;
    }
}
