package io.omniiml.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** The planes of an RGB image that analysers read: packed pixels and luma. */
public final class PixelPlaneOps {
    private PixelPlaneOps() {
    }

    /** The packed 0xRRGGBB pixels of an image, row-major (a copy unless the image is already TYPE_INT_RGB). */
    public static int[] rgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB && img.getRaster().getDataBuffer() instanceof DataBufferInt db
                && db.getNumBanks() == 1 && img.getRaster().getSampleModelTranslateX() == 0
                && img.getRaster().getSampleModelTranslateY() == 0 && db.getData().length == img.getWidth() * img.getHeight()) {
            return db.getData();
        }
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    /** Luma (BT.601, as JPEG's Y) in grey levels 0..255. */
    public static float[] luma(BufferedImage img) {
        int[] p = rgb(img);
        float[] y = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            y[i] = luma(p[i]);
        }
        return y;
    }

    /** Luma of one packed 0xRRGGBB pixel: the one formula every plane and row of luma uses. */
    public static float luma(int rgb) {
        return 0.299f * ((rgb >> 16) & 255) + 0.587f * ((rgb >> 8) & 255) + 0.114f * (rgb & 255);
    }
}
