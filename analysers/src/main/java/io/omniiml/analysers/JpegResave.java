package io.omniiml.analysers;

import io.omniiml.core.image.PixelPlaneOps;
import io.omniiml.core.jpeg.JpegEncoding;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Re-saves an image as baseline JPEG at an IJG quality (standard tables scaled as libjpeg does, 4:2:0) and
 * decodes it again: the operation behind error level analysis and JPEG ghosts.
 */
public final class JpegResave {
    private JpegResave() {
    }

    /** JPEG bytes at IJG quality 1..100 (core's encoder: IJG tables, 4:2:0). */
    public static byte[] encode(BufferedImage rgb, int quality) {
        return JpegEncoding.encode(rgb, Math.max(1, Math.min(100, quality)));
    }

    /** The image after one JPEG round trip at {@code quality}, as TYPE_INT_RGB. */
    public static BufferedImage roundTrip(BufferedImage rgb, int quality) {
        try {
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(encode(rgb, quality)));
            if (back.getType() == BufferedImage.TYPE_INT_RGB) {
                return back;
            }
            BufferedImage out = new BufferedImage(back.getWidth(), back.getHeight(), BufferedImage.TYPE_INT_RGB);
            out.getGraphics().drawImage(back, 0, 0, null);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG decode in memory failed", e);
        }
    }

    /** Per-pixel mean absolute difference over R, G, B between two images of the same size. */
    public static float[] absDiff(BufferedImage a, BufferedImage b) {
        int[] p = PixelPlaneOps.rgb(a);
        int[] q = PixelPlaneOps.rgb(b);
        float[] d = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            int x = p[i];
            int y = q[i];
            d[i] = (Math.abs(((x >> 16) & 255) - ((y >> 16) & 255)) + Math.abs(((x >> 8) & 255) - ((y >> 8) & 255))
                    + Math.abs((x & 255) - (y & 255))) / 3f;
        }
        return d;
    }
}
