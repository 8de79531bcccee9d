package io.omniiml.core.mask;

/**
 * A binary tampering mask: {@code data[y * width + x]} is 1 where the pixel is tampered, else 0.
 * Reading, writing, resizing and connected components live in {@link MaskOps}.
 */
public record Mask(int width, int height, byte[] data) {
    public Mask {
        if ((long) width * height != data.length) {
            throw new IllegalArgumentException("mask " + width + "x" + height + " needs " + (long) width * height
                    + " values, got " + data.length);
        }
    }

    public static Mask empty(int width, int height) {
        return new Mask(width, height, new byte[width * height]);
    }

    public boolean get(int x, int y) {
        return data[y * width + x] != 0;
    }

    public long count() {
        long n = 0;
        for (byte b : data) {
            n += b;
        }
        return n;
    }
}
