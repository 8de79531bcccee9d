package io.omniiml.core.mask;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.*;

class MaskOpsTest {
    @TempDir
    Path dir;

    @Test
    void readThresholdsMeanRgbStrictlyAbove127point5() throws IOException {
        BufferedImage rgb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, (128 << 16) | (128 << 8) | 127); // mean 127.67 -> tampered
        rgb.setRGB(1, 0, (128 << 16) | (127 << 8) | 127); // mean 127.33 -> not
        rgb.setRGB(2, 0, 0xFF0000);                       // mean 85 -> not
        Path f = dir.resolve("m.png");
        ImageIO.write(rgb, "png", f.toFile());
        assertArrayEquals(new byte[]{1, 0, 0}, MaskOps.read(f).data());

        BufferedImage g16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSample(0, 0, 0, 32767);
        g16.getRaster().setSample(1, 0, 0, 32768);
        ImageIO.write(g16, "png", f.toFile());
        assertArrayEquals(new byte[]{0, 1}, MaskOps.read(f).data());
    }

    @Test
    void writeReadRoundTrip() throws IOException {
        Mask m = randomMask(new Random(3), 17, 9, 0.4);
        Path f = dir.resolve("sub/out.png");
        MaskOps.write(m, f);
        assertArrayEquals(m.data(), MaskOps.read(f).data());
        BufferedImage img = ImageIO.read(f.toFile());
        int v = img.getRaster().getSample(0, 0, 0);
        assertTrue(v == 0 || v == 255);
    }

    @Test
    void resizeNearestUsesPixelCentres() {
        Mask m = new Mask(2, 1, new byte[]{1, 0});
        assertArrayEquals(new byte[]{1, 1, 0, 0}, MaskOps.resizeNearest(m, 4, 1).data());
        Mask big = new Mask(4, 1, new byte[]{0, 1, 1, 0});
        assertArrayEquals(new byte[]{1, 0}, MaskOps.resizeNearest(big, 2, 1).data()); // centres 1.0 and 3.0
    }

    @Test
    void componentsUseEightConnectivityAndBoxesFilterByArea() {
        // Two diagonal pixels are one component; a separate 2x2 block is another; a lone pixel a third.
        Mask m = parse("""
                1.....
                .1..11
                ....11
                1.....""");
        int[] labels = MaskOps.connectedComponents(m);
        assertEquals(labels[0], labels[7]);
        assertNotEquals(labels[0], labels[10]);
        assertEquals(3, java.util.Arrays.stream(labels).max().getAsInt());
        List<Box> boxes = MaskOps.boxes(m, 2);
        assertEquals(List.of(new Box(4, 1, 2, 2), new Box(0, 0, 2, 2)), boxes);
        assertEquals(3, MaskOps.boxes(m, 1).size());
        assertEquals(List.of(), MaskOps.boxes(Mask.empty(5, 5), 1));
    }

    @Test
    void erodeAndDilateMatchNaiveSquareFilters() {
        Random r = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            Mask m = randomMask(r, 1 + r.nextInt(20), 1 + r.nextInt(20), 0.7);
            int size = 1 + r.nextInt(7);
            assertArrayEquals(naive(m, size, true), MaskOps.erode(m, size).data());
            assertArrayEquals(naive(m, size, false), MaskOps.dilate(m, size).data());
        }
    }

    private static byte[] naive(Mask m, int size, boolean erode) {
        int before = size / 2;
        int after = size - 1 - before;
        byte[] out = new byte[m.data().length];
        for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
                boolean all = true;
                boolean any = false;
                for (int yy = Math.max(0, y - before); yy <= Math.min(m.height() - 1, y + after); yy++) {
                    for (int xx = Math.max(0, x - before); xx <= Math.min(m.width() - 1, x + after); xx++) {
                        all &= m.get(xx, yy);
                        any |= m.get(xx, yy);
                    }
                }
                out[y * m.width() + x] = (byte) ((erode ? all : any) ? 1 : 0);
            }
        }
        return out;
    }

    static Mask randomMask(Random r, int w, int h, double p) {
        byte[] d = new byte[w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble() < p ? (byte) 1 : 0;
        }
        return new Mask(w, h, d);
    }

    static Mask parse(String rows) {
        String[] lines = rows.strip().split("\n");
        int w = lines[0].strip().length();
        byte[] d = new byte[w * lines.length];
        for (int y = 0; y < lines.length; y++) {
            for (int x = 0; x < w; x++) {
                d[y * w + x] = lines[y].strip().charAt(x) == '1' ? (byte) 1 : 0;
            }
        }
        return new Mask(w, lines.length, d);
    }
}
