package io.omniiml.bench.serve;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Large PNGs that are small on disk, written row by row without holding the raster: a smooth colour gradient with
 * a few hard-edged rectangles, so a 49 MP image compresses to well under a megabyte, as the 157 KB upload did.
 */
final class SyntheticPng {
    private SyntheticPng() {
    }

    static byte[] gradient(int width, int height) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[1 + 3 * width];
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(6), 1 << 16)) {
            for (int y = 0; y < height; y++) {
                row[0] = 0; // filter: none
                boolean band = (y / 512) % 3 == 1;
                for (int x = 0; x < width; x++) {
                    boolean block = band && (x / 512) % 3 == 1;
                    row[1 + 3 * x] = (byte) (block ? 200 : x * 255L / width);
                    row[2 + 3 * x] = (byte) (block ? 40 : y * 255L / height);
                    row[3 + 3 * x] = (byte) ((x + y) >> 4);
                }
                z.write(row);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
