package io.omniiml.core.data;

import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes the tiny bundled demo set (samples/dataset): IMDL-BenCo's Tp/ + Gt/ layout plus Au/, made from
 * permissively licensed photos by a splice (a rectangle of another photo) and a copy-move (a rectangle of the
 * same photo), saved as JPEG quality 90; masks mark the pasted rectangle only.
 *
 * <pre>java -cp core/target/classes io.omniiml.core.data.DemoDataset OUT_DIR HOST.png DONOR.png AUTHENTIC.png</pre>
 */
public final class DemoDataset {
    static final int SIZE = 256;

    private DemoDataset() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: DemoDataset OUT_DIR HOST DONOR AUTHENTIC");
            System.exit(2);
        }
        write(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
    }

    public static void write(Path out, Path host, Path donor, Path authentic) throws IOException {
        BufferedImage a = centreCrop(ImageLoader.DEFAULT.load(host).image());
        BufferedImage b = centreCrop(ImageLoader.DEFAULT.load(donor).image());
        BufferedImage au = centreCrop(ImageLoader.DEFAULT.load(authentic).image());

        BufferedImage splice = copy(a);
        Mask spliceMask = paste(b, 80, 88, 96, 80, splice, 140, 150);
        save(splice, spliceMask, out, "splice1");

        BufferedImage copyMove = copy(b);
        Mask copyMoveMask = paste(b, 20, 20, 64, 64, copyMove, 170, 160);
        save(copyMove, copyMoveMask, out, "copymove1");

        Files.createDirectories(out.resolve("Au"));
        writeJpeg(au, out.resolve("Au/authentic1.jpg"));
    }

    static BufferedImage centreCrop(BufferedImage img) {
        int side = Math.min(SIZE, Math.min(img.getWidth(), img.getHeight()));
        int x = (img.getWidth() - side) / 2;
        int y = (img.getHeight() - side) / 2;
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, side, side, img.getRGB(x, y, side, side, null, 0, side), 0, side);
        return out;
    }

    private static BufferedImage copy(BufferedImage img) {
        return centreCrop(img);
    }

    /** Copies a w x h rectangle of {@code from} at (fx, fy) into {@code to} at (tx, ty); returns the mask of it. */
    static Mask paste(BufferedImage from, int fx, int fy, int w, int h, BufferedImage to, int tx, int ty) {
        int cw = Math.min(w, to.getWidth() - tx);
        int ch = Math.min(h, to.getHeight() - ty);
        to.setRGB(tx, ty, cw, ch, from.getRGB(fx, fy, cw, ch, null, 0, cw), 0, cw);
        Mask mask = Mask.empty(to.getWidth(), to.getHeight());
        for (int y = ty; y < ty + ch; y++) {
            for (int x = tx; x < tx + cw; x++) {
                mask.data()[y * to.getWidth() + x] = 1;
            }
        }
        return mask;
    }

    private static void save(BufferedImage img, Mask mask, Path out, String name) throws IOException {
        Files.createDirectories(out.resolve("Tp"));
        writeJpeg(img, out.resolve("Tp/" + name + ".jpg"));
        MaskOps.write(mask, out.resolve("Gt/" + name + "_mask.png"));
    }

    static void writeJpeg(BufferedImage img, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        Files.deleteIfExists(file);
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
