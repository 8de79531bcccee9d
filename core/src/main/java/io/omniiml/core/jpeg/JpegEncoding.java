package io.omniiml.core.jpeg;

import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.ImageReadException;
import org.w3c.dom.Node;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.jpeg.JPEGQTable;
import javax.imageio.stream.ImageOutputStream;

/**
 * JPEG encoding with IJG's quality scaling, so that a quality here means what it means to cjpeg:
 * {@code JpegQuality.estimate} of the written tables gives the quality back. Uses the JDK's JPEG writer (libjpeg 6b
 * inside: same colour conversion and DCT as cjpeg's defaults) with explicitly scaled Annex K tables.
 *
 * <p>This is the frequency modality's path for non-JPEG inputs (encode, then read the coefficients back) and the
 * synthesis engine's JPEG post-processing.
 */
public final class JpegEncoding {
    private static final String NATIVE_FORMAT = "javax_imageio_jpeg_image_1.0";

    /** Chroma subsampling of colour images. */
    public enum Subsampling {
        /** 2x2 luminance sampling: libjpeg's and cjpeg's default. */
        YUV420,
        /** no chroma subsampling. */
        YUV444
    }

    private JpegEncoding() {
    }

    /** Encodes at an IJG quality 1..100 with 4:2:0 chroma subsampling (grayscale images stay one component). */
    public static byte[] encode(BufferedImage image, int quality) {
        return encode(image, quality, Subsampling.YUV420);
    }

    /** Encodes at an IJG quality 1..100; alpha is dropped. */
    public static byte[] encode(BufferedImage image, int quality, Subsampling subsampling) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100: " + quality);
        }
        int factor = subsampling == Subsampling.YUV420 ? 2 : 1;
        return encode(image, JpegQuality.scaledTable(JpegQuality.STD_LUMINANCE, quality, true),
                JpegQuality.scaledTable(JpegQuality.STD_CHROMINANCE, quality, true), factor, factor);
    }

    /**
     * Encodes with a file's own quantization tables and luminance sampling factors (e.g. a camera's, from
     * {@link JpegTables#read}): re-saving a camera photo this way keeps its tables, as an editor that keeps the
     * original quality does. Entries above 255 are clamped (baseline 8-bit tables).
     */
    public static byte[] encode(BufferedImage image, JpegTables tables) {
        int[] chroma = tables.chrominance() != null ? tables.chrominance() : tables.luminance();
        return encode(image, baseline(tables.luminance()), baseline(chroma), tables.hSampling(), tables.vSampling());
    }

    private static int[] baseline(int[] table) {
        int[] out = new int[64];
        for (int i = 0; i < 64; i++) {
            out[i] = Math.max(1, Math.min(255, table[i]));
        }
        return out;
    }

    private static byte[] encode(BufferedImage image, int[] luminanceTable, int[] chrominanceTable, int hSampling,
                                 int vSampling) {
        Cancellation.checkpoint();
        boolean gray = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
        BufferedImage input = gray ? image : toBgr(image);
        Cancellation.checkpoint();
        ImageWriter writer = jdkWriter();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(input), param);
            IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(NATIVE_FORMAT);
            for (Node n : children(root, "dqtable")) {
                IIOMetadataNode table = (IIOMetadataNode) n;
                boolean luminance = "0".equals(table.getAttribute("qtableId"));
                table.setUserObject(new JPEGQTable(luminance ? luminanceTable : chrominanceTable));
            }
            for (Node n : children(root, "componentSpec")) {
                IIOMetadataNode spec = (IIOMetadataNode) n;
                boolean luminance = "1".equals(spec.getAttribute("componentId"));
                spec.setAttribute("HsamplingFactor", Integer.toString(luminance && !gray ? hSampling : 1));
                spec.setAttribute("VsamplingFactor", Integer.toString(luminance && !gray ? vSampling : 1));
            }
            metadata.setFromTree(NATIVE_FORMAT, root);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(input, null, metadata), param);
            }
            Cancellation.checkpoint();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
    }

    /**
     * The luminance of an image (libjpeg's RGB to Y conversion) encoded at an IJG quality and read back: one component.
     */
    public static JpegCoefficients luminanceCoefficients(BufferedImage image, int quality) {
        try {
            return JpegCoefficientReader.read(encode(luminance(image), quality), "encoded luminance");
        } catch (ImageReadException e) {
            throw new IllegalStateException("could not read back our own JPEG: " + e.getMessage(), e);
        }
    }

    /** libjpeg's fixed-point Y = 0.299 R + 0.587 G + 0.114 B, rounded, as an 8-bit gray image. */
    public static BufferedImage luminance(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] row = new int[w];
        byte[] out = ((java.awt.image.DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            Cancellation.checkpoint();
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int rgb = row[x];
                int r = rgb >> 16 & 255;
                int g = rgb >> 8 & 255;
                int b = rgb & 255;
                out[y * w + x] = (byte) ((19595 * r + 38470 * g + 7471 * b + 32768) >> 16);
            }
        }
        return gray;
    }

    private static BufferedImage toBgr(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        var g = bgr.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return bgr;
    }

    /** The JDK's own writer: TwelveMonkeys' JPEG writer (also registered) delegates to it anyway. */
    private static ImageWriter jdkWriter() {
        ImageWriter chosen = null;
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (chosen == null || w.getClass().getName().startsWith("com.sun.imageio.")) {
                chosen = w;
            }
        }
        if (chosen == null) {
            throw new IllegalStateException("no JPEG ImageWriter available");
        }
        return chosen;
    }

    private static java.util.List<Node> children(Node node, String name) {
        java.util.List<Node> out = new java.util.ArrayList<>();
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeName().equals(name)) {
                out.add(c);
            }
            out.addAll(children(c, name));
        }
        return out;
    }
}
