package io.omniiml.training;

import io.omniiml.core.data.Task;
import io.omniiml.core.jpeg.JpegEncoding;
import io.omniiml.core.mask.Mask;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** A fast deterministic test source: a noise image with a rectangle of other noise, saved as JPEG. */
final class SpliceSource implements ExampleSource {
    private final Task task;
    private final int size;

    SpliceSource(Task task, int size) {
        this.task = task;
        this.size = size;
    }

    @Override
    public LabelledImage get(long index) throws IOException {
        SplittableRandom r = new SplittableRandom(index * 31 + task.ordinal());
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        byte[] mask = new byte[size * size];
        int x0 = r.nextInt(size / 2);
        int y0 = r.nextInt(size / 2);
        int w = 8 + r.nextInt(size / 2);
        int h = 8 + r.nextInt(size / 2);
        boolean tampered = index % 4 != 3;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean in = tampered && x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
                int amp = in ? 60 : 12;
                int base = in ? 90 : 140;
                int v = Math.max(0, Math.min(255, base + r.nextInt(2 * amp + 1) - amp));
                img.setRGB(x, y, v << 16 | (v / 2 + 40) << 8 | (255 - v));
                mask[y * size + x] = (byte) (in ? 1 : 0);
            }
        }
        byte[] jpeg = JpegEncoding.encode(img, 80);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        BufferedImage rgb = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(decoded, 0, 0, null);
        return new LabelledImage("splice-" + task.id() + "-" + index, task, rgb, jpeg, new Mask(size, size, mask));
    }

    @Override
    public String describe() {
        return "test splices " + task.id();
    }
}
