package io.omniiml.spark;

import io.omniiml.core.mask.Mask;
import io.omniiml.pipeline.OverlayOps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Serialises binary masks for the result table: PNG bytes, or a run-length string. */
public final class MaskEncodingOps {
    private MaskEncodingOps() {
    }

    /** An 8-bit grey PNG, 255 where tampered and 0 elsewhere (the same image {@code omniiml scan} writes). */
    public static byte[] png(Mask mask) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + mask.data().length / 32);
        try {
            if (!ImageIO.write(OverlayOps.maskImage(mask), "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /**
     * Uncompressed COCO run-length encoding: the mask is read in column-major order (down the first column, then
     * the next) and the lengths of alternating runs of 0 and 1, starting with a (possibly empty) run of 0, are
     * written separated by spaces. This is the {@code counts} list of pycocotools' uncompressed RLE for a mask of
     * size {@code [height, width]}, so Python users can decode it with {@code mask.frPyObjects}. An all-zero
     * mask is its pixel count alone; an empty mask is the empty string.
     */
    public static String rle(Mask mask) {
        int w = mask.width();
        int h = mask.height();
        byte[] data = mask.data();
        StringBuilder sb = new StringBuilder();
        int current = 0;
        long run = 0;
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                int v = data[y * w + x] != 0 ? 1 : 0;
                if (v != current) {
                    append(sb, run);
                    current = v;
                    run = 0;
                }
                run++;
            }
        }
        if (run > 0) {
            append(sb, run);
        }
        return sb.toString();
    }

    /** Inverse of {@link #rle}; throws IllegalArgumentException when the counts do not cover width x height. */
    public static Mask decodeRle(String counts, int width, int height) {
        byte[] data = new byte[Math.multiplyExact(width, height)];
        long pos = 0;
        byte value = 0;
        if (!counts.isBlank()) {
            for (String token : counts.strip().split(" +")) {
                long run = Long.parseLong(token);
                if (run < 0 || pos + run > data.length) {
                    throw new IllegalArgumentException("run-length counts exceed a " + width + "x" + height + " mask");
                }
                for (long i = pos; i < pos + run; i++) {
                    int x = (int) (i / height);
                    int y = (int) (i % height);
                    data[y * width + x] = value;
                }
                pos += run;
                value ^= 1;
            }
        }
        if (pos != data.length) {
            throw new IllegalArgumentException("run-length counts cover " + pos + " of " + data.length + " pixels");
        }
        return new Mask(width, height, data);
    }

    private static void append(StringBuilder sb, long run) {
        if (!sb.isEmpty()) {
            sb.append(' ');
        }
        sb.append(run);
    }
}
