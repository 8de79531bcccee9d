package io.omniiml.synth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.manip.Json;

import java.util.List;
import java.util.Locale;

/** Words for where a region is: normalized boxes, "upper left", and what the region sits on. */
public final class DescriptionOps {
    private DescriptionOps() {
    }

    /** The union box of all boxes (null when none). */
    public static Box union(List<Box> boxes) {
        if (boxes.isEmpty()) {
            return null;
        }
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = Integer.MIN_VALUE;
        int y1 = Integer.MIN_VALUE;
        for (Box b : boxes) {
            x0 = Math.min(x0, b.x());
            y0 = Math.min(y0, b.y());
            x1 = Math.max(x1, b.maxX());
            y1 = Math.max(y1, b.maxY());
        }
        return new Box(x0, y0, x1 - x0, y1 - y0);
    }

    /** "upper left", "centre", "lower right", ... from the box centre in thirds of the image. */
    public static String positionWords(Box b, int width, int height) {
        double cx = (b.x() + b.width() / 2.0) / width;
        double cy = (b.y() + b.height() / 2.0) / height;
        String v = cy < 1 / 3.0 ? "upper" : cy < 2 / 3.0 ? "middle" : "lower";
        String h = cx < 1 / 3.0 ? "left" : cx < 2 / 3.0 ? "centre" : "right";
        if (v.equals("middle") && h.equals("centre")) {
            return "centre";
        }
        return v.equals("middle") ? "middle " + h : v + " " + h;
    }

    public static ObjectNode absolutePosition(List<Box> boxes, Mask mask, int width, int height) {
        ObjectNode o = Json.object();
        Box u = union(boxes);
        if (u == null) {
            o.put("words", "none");
            return o;
        }
        o.set("box_normalized", Json.array((double) u.x() / width, (double) u.y() / height, (double) u.width() / width,
                (double) u.height() / height));
        o.put("area_fraction", Json.round3((double) mask.count() / ((long) width * height)));
        o.put("regions", boxes.size());
        o.put("words", positionWords(u, width, height));
        return o;
    }

    /** What the region lies on, measured on the clean source: brightness and texture inside versus around it. */
    public static String surroundings(int[] clean, Mask mask, int width) {
        double sum = 0;
        double grad = 0;
        int n = 0;
        byte[] m = mask.data();
        int height = mask.height();
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                int i = y * width + x;
                if (m[i] == 0) {
                    continue;
                }
                double l = RasterOps.luma(clean[i]);
                sum += l;
                grad += Math.abs(l - RasterOps.luma(clean[i + 1])) + Math.abs(l - RasterOps.luma(clean[i + width]));
                n++;
            }
        }
        if (n == 0) {
            return "no region";
        }
        double mean = sum / n;
        double texture = grad / n;
        String light = mean < 70 ? "a dark" : mean > 180 ? "a bright" : "a mid-tone";
        String detail = texture < 4 ? "smooth" : texture < 12 ? "moderately textured" : "highly textured";
        return String.format(Locale.ROOT, "over %s, %s part of the image (originally mean brightness %.0f/255)",
                light, detail, mean);
    }
}
