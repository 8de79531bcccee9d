package io.omniiml.explain;

import io.omniiml.core.mask.Box;

import java.util.Locale;

/** Words for geometry and colour: positions on a 3x3 grid, shapes, colour names. Pure functions. */
public final class DescribeOps {
    private DescribeOps() {
    }

    /** "upper left", "middle right", "centre", ... from the box centre on a 3x3 grid of the image. */
    public static String positionWords(Box b, int width, int height) {
        double cx = (b.x() + b.width() / 2.0) / width;
        double cy = (b.y() + b.height() / 2.0) / height;
        String row = cy < 1 / 3.0 ? "upper" : cy > 2 / 3.0 ? "lower" : "middle";
        String col = cx < 1 / 3.0 ? "left" : cx > 2 / 3.0 ? "right" : "centre";
        if (row.equals("middle") && col.equals("centre")) {
            return "centre";
        }
        if (col.equals("centre")) {
            return row.equals("upper") ? "upper centre" : "lower centre";
        }
        return row + " " + col;
    }

    /** Shape words from the fill of the bounding box and its aspect ratio. */
    public static String shapeWords(Box b, long pixels) {
        double fill = b.area() == 0 ? 0 : (double) pixels / b.area();
        double aspect = b.height() == 0 ? 1 : (double) b.width() / b.height();
        String outline = fill > 0.85 ? "rectangular" : fill > 0.6 ? "compact" : fill > 0.3 ? "irregular" : "thin, scattered";
        String elong = aspect > 3 ? ", elongated horizontally" : aspect < 1 / 3.0 ? ", elongated vertically" : "";
        return outline + elong;
    }

    /** A colour name from mean RGB (lightness + hue, or grey levels when unsaturated). */
    public static String colourName(double r, double g, double b) {
        double max = Math.max(r, Math.max(g, b)) / 255;
        double min = Math.min(r, Math.min(g, b)) / 255;
        double l = (max + min) / 2;
        double s = max == min ? 0 : (l > 0.5 ? (max - min) / (2 - max - min) : (max - min) / (max + min));
        if (s < 0.15 || max - min < 0.08) {
            return l < 0.15 ? "black" : l < 0.4 ? "dark grey" : l < 0.7 ? "grey" : l < 0.9 ? "light grey" : "white";
        }
        double hue = hueDegrees(r / 255, g / 255, b / 255);
        String name = hue < 15 || hue >= 345 ? "red" : hue < 40 ? "orange" : hue < 65 ? "yellow" : hue < 160 ? "green"
                : hue < 195 ? "cyan" : hue < 255 ? "blue" : hue < 290 ? "purple" : "pink";
        if (name.equals("orange") && l < 0.4) {
            name = "brown";
        }
        String prefix = l < 0.3 ? "dark " : l > 0.75 ? "light " : "";
        return prefix + name;
    }

    private static double hueDegrees(double r, double g, double b) {
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        double d = max - min;
        if (d == 0) {
            return 0;
        }
        double h;
        if (max == r) {
            h = ((g - b) / d) % 6;
        } else if (max == g) {
            h = (b - r) / d + 2;
        } else {
            h = (r - g) / d + 4;
        }
        h *= 60;
        return h < 0 ? h + 360 : h;
    }

    /** "above", "below", "left of", "right of" or combinations, of box a relative to box b (centres). */
    public static String relation(Box a, Box b) {
        double ax = a.x() + a.width() / 2.0;
        double ay = a.y() + a.height() / 2.0;
        double bx = b.x() + b.width() / 2.0;
        double by = b.y() + b.height() / 2.0;
        double dx = ax - bx;
        double dy = ay - by;
        String horiz = Math.abs(dx) < Math.max(4, (a.width() + b.width()) / 4.0) ? "" : dx < 0 ? "left of" : "right of";
        String vert = Math.abs(dy) < Math.max(4, (a.height() + b.height()) / 4.0) ? "" : dy < 0 ? "above" : "below";
        if (horiz.isEmpty() && vert.isEmpty()) {
            return "overlapping";
        }
        if (horiz.isEmpty()) {
            return vert;
        }
        if (vert.isEmpty()) {
            return horiz;
        }
        return vert + " and " + horiz;
    }

    /** A ratio in words: "2.3x higher than", "1.8x lower than", "similar to" (within 1.25x). */
    public static String ratioWords(double inside, double outside) {
        if (Double.isNaN(inside) || Double.isNaN(outside) || outside <= 0 || inside <= 0) {
            return Double.isNaN(inside) || Double.isNaN(outside) ? "not comparable with" : inside > outside ? "higher than" : "lower than";
        }
        double r = inside / outside;
        if (r >= 1.25) {
            return String.format(Locale.ROOT, "%.1fx higher than", r);
        }
        if (r <= 0.8) {
            return String.format(Locale.ROOT, "%.1fx lower than", 1 / r);
        }
        return "similar to";
    }

    public static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
