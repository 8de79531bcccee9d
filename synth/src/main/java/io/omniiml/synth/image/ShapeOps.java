package io.omniiml.synth.image;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;

/** Object-like random shapes (polygons, smooth blobs, ellipse unions) rasterized to stencils. */
public final class ShapeOps {
    private ShapeOps() {
    }

    /** A star-shaped polygon of 5..12 vertices with jittered radii: man-made object outlines. */
    public static Shape polygon(SplittableRandom rnd, double rx, double ry) {
        int n = 5 + rnd.nextInt(8);
        Path2D.Double p = new Path2D.Double();
        double start = rnd.nextDouble() * Math.PI * 2;
        for (int i = 0; i < n; i++) {
            double t = start + 2 * Math.PI * (i + 0.35 * (rnd.nextDouble() - 0.5)) / n;
            double k = 0.55 + 0.45 * rnd.nextDouble();
            double px = rx * k * Math.cos(t);
            double py = ry * k * Math.sin(t);
            if (i == 0) {
                p.moveTo(px, py);
            } else {
                p.lineTo(px, py);
            }
        }
        p.closePath();
        return p;
    }

    /** A smooth closed curve whose radius is a sum of low harmonics: organic object outlines. */
    public static Shape blob(SplittableRandom rnd, double rx, double ry) {
        int harmonics = 3;
        double[] amp = new double[harmonics];
        double[] phase = new double[harmonics];
        for (int h = 0; h < harmonics; h++) {
            amp[h] = (0.06 + 0.14 * rnd.nextDouble()) / (h + 1);
            phase[h] = rnd.nextDouble() * Math.PI * 2;
        }
        Path2D.Double p = new Path2D.Double();
        int steps = 72;
        for (int i = 0; i < steps; i++) {
            double t = 2 * Math.PI * i / steps;
            double k = 0.8;
            for (int h = 0; h < harmonics; h++) {
                k += amp[h] * Math.sin((h + 2) * t + phase[h]);
            }
            double px = rx * k * Math.cos(t);
            double py = ry * k * Math.sin(t);
            if (i == 0) {
                p.moveTo(px, py);
            } else {
                p.lineTo(px, py);
            }
        }
        p.closePath();
        return p;
    }

    /** The union of 2..4 overlapping ellipses: compound objects (a person, a plant, a group). */
    public static Shape ellipseUnion(SplittableRandom rnd, double rx, double ry) {
        Area area = new Area();
        int n = 2 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            double ex = rx * (0.35 + 0.45 * rnd.nextDouble());
            double ey = ry * (0.35 + 0.45 * rnd.nextDouble());
            double cx = (rnd.nextDouble() - 0.5) * (rx - ex) * 1.4;
            double cy = (rnd.nextDouble() - 0.5) * (ry - ey) * 1.4;
            area.add(new Area(new Ellipse2D.Double(cx - ex, cy - ey, 2 * ex, 2 * ey)));
        }
        return area;
    }

    /** One of the three shape families, by name; returns the family chosen in {@code kind[0]}. */
    public static Shape randomShape(SplittableRandom rnd, double rx, double ry, String[] kind) {
        int pick = rnd.nextInt(3);
        kind[0] = pick == 0 ? "polygon" : pick == 1 ? "blob" : "ellipse_union";
        return pick == 0 ? polygon(rnd, rx, ry) : pick == 1 ? blob(rnd, rx, ry) : ellipseUnion(rnd, rx, ry);
    }

    /**
     * Rasterizes a shape (in coordinates relative to its centre) at integer centre (cx, cy); with feather
     * sigma > 0 the binary shape is Gaussian-blurred, so weight >= 0.5 is (up to rounding) the shape itself.
     */
    public static Stencil rasterize(Shape shape, int cx, int cy, double featherSigma) {
        int pad = (int) Math.ceil(3 * featherSigma) + 1;
        java.awt.Rectangle b = shape.getBounds();
        int w = b.width + 2 * pad;
        int h = b.height + 2 * pad;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(java.awt.Color.WHITE);
        g.translate(pad - b.x, pad - b.y);
        g.fill(shape);
        g.dispose();
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        float[] alpha = new float[w * h];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (data[i] & 255) > 127 ? 1f : 0f;
        }
        if (featherSigma > 0) {
            RasterOps.blurPlane(alpha, w, h, featherSigma);
        }
        return new Stencil(cx + b.x - pad, cy + b.y - pad, w, h, alpha);
    }

    /** A stencil from a filled quadrilateral (x0,y0,...,x3,y3), grown by {@code grow} pixels each side. */
    public static Stencil quad(double[] q, double grow) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(q[0], q[1]);
        for (int i = 1; i < 4; i++) {
            p.lineTo(q[2 * i], q[2 * i + 1]);
        }
        p.closePath();
        Shape s = p;
        if (grow > 0) {
            Area a = new Area(p);
            a.add(new Area(new BasicStroke((float) (2 * grow), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                    .createStrokedShape(p)));
            s = a;
        }
        return rasterize(s, 0, 0, 0);
    }
}
