package io.omniiml.training.step;

import io.omniiml.core.mask.Box;

import java.util.List;

/**
 * Targets of the anchor-free Anomaly Enhancement head on a grid of {@code stride}-pixel cells. A cell is positive
 * when its centre lies inside a box (the smallest such box wins, as in FCOS); a box too small to contain any cell
 * centre makes the cell holding its own centre positive, so that every box is supervised. Regression targets are
 * log(1 + distance / stride) from the cell centre to the box's left, top, right and bottom edges.
 */
public final class BoxTargetOps {
    private BoxTargetOps() {
    }

    /**
     * @return {objectness (gh*gw), regression (4*gh*gw, channel-major)} for one image of height x width pixels;
     *         the grid is ceil(height/stride) x ceil(width/stride)
     */
    public static float[][] targets(List<Box> boxes, int height, int width, int stride) {
        int gh = (height + stride - 1) / stride;
        int gw = (width + stride - 1) / stride;
        float[] objectness = new float[gh * gw];
        float[] regression = new float[4 * gh * gw];
        long[] bestArea = new long[gh * gw];
        java.util.Arrays.fill(bestArea, Long.MAX_VALUE);
        for (Box box : boxes) {
            boolean any = false;
            for (int gy = 0; gy < gh; gy++) {
                double cy = (gy + 0.5) * stride;
                if (cy < box.y() || cy >= box.maxY()) {
                    continue;
                }
                for (int gx = 0; gx < gw; gx++) {
                    double cx = (gx + 0.5) * stride;
                    if (cx >= box.x() && cx < box.maxX()) {
                        any |= assign(box, gy * gw + gx, cx, cy, stride, gh * gw, objectness, regression, bestArea);
                    }
                }
            }
            if (!any && box.area() > 0) {
                int gx = Math.min(gw - 1, (int) ((box.x() + box.width() / 2.0) / stride));
                int gy = Math.min(gh - 1, (int) ((box.y() + box.height() / 2.0) / stride));
                assign(box, gy * gw + gx, (gx + 0.5) * stride, (gy + 0.5) * stride, stride, gh * gw, objectness,
                        regression, bestArea);
            }
        }
        return new float[][] {objectness, regression};
    }

    private static boolean assign(Box box, int cell, double cx, double cy, int stride, int plane, float[] objectness,
                                  float[] regression, long[] bestArea) {
        if (box.area() >= bestArea[cell]) {
            return true;
        }
        bestArea[cell] = box.area();
        objectness[cell] = 1f;
        double[] d = {cx - box.x(), cy - box.y(), box.maxX() - cx, box.maxY() - cy};
        for (int k = 0; k < 4; k++) {
            regression[k * plane + cell] = (float) Math.log1p(Math.max(0, d[k]) / stride);
        }
        return true;
    }
}
