package io.omniiml.core.mask;

/** An axis-aligned box in pixel coordinates: columns x..x+width-1, rows y..y+height-1. */
public record Box(int x, int y, int width, int height) {
    public Box {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("negative box size " + width + "x" + height);
        }
    }

    public long area() {
        return (long) width * height;
    }

    /** Exclusive right edge. */
    public int maxX() {
        return x + width;
    }

    /** Exclusive bottom edge. */
    public int maxY() {
        return y + height;
    }

    /** Intersection over union with another box (0 when they do not overlap). */
    public double iou(Box other) {
        long ix = Math.max(0, Math.min(maxX(), other.maxX()) - Math.max(x, other.x));
        long iy = Math.max(0, Math.min(maxY(), other.maxY()) - Math.max(y, other.y));
        long inter = ix * iy;
        long union = area() + other.area() - inter;
        return union == 0 ? 0 : (double) inter / union;
    }
}
