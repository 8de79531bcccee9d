package io.omniiml.core.jpeg;

import java.util.Arrays;

/**
 * What a JPEG encoder needs to re-save an image the way a given file was saved: the luminance and chrominance
 * quantization tables (natural order) and the luminance sampling factors (2x2 = 4:2:0, 2x1 = 4:2:2, 1x1 = 4:4:4).
 * Read from the headers only ({@link #read}: DQT and SOF up to the first scan), so a camera photo's tables cost
 * microseconds, not a decode.
 *
 * @param chrominance null for a one-component (grey) file
 */
public record JpegTables(int[] luminance, int[] chrominance, int hSampling, int vSampling) {

    /** The MCU width in pixels (the grid a crop must keep to stay aligned for every component). */
    public int mcuWidth() {
        return 8 * hSampling;
    }

    public int mcuHeight() {
        return 8 * vSampling;
    }

    /** The tables of a JPEG file; throws IllegalArgumentException when the headers are missing or malformed. */
    public static JpegTables read(byte[] d) {
        if (d.length < 4 || (d[0] & 0xFF) != 0xFF || (d[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG (no SOI marker)");
        }
        int[][] slots = new int[4][];
        int frame = -1;
        int pos = 2;
        while (pos + 4 <= d.length) {
            if ((d[pos] & 0xFF) != 0xFF) {
                throw new IllegalArgumentException("marker expected at byte " + pos);
            }
            int marker = d[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            int length = ((d[pos + 2] & 0xFF) << 8) | (d[pos + 3] & 0xFF);
            int start = pos + 4;
            int end = pos + 2 + length;
            if (length < 2 || end > d.length) {
                throw new IllegalArgumentException("truncated segment at byte " + pos);
            }
            if (marker == 0xDB) {
                readQuantTables(d, start, end, slots);
            } else if (marker >= 0xC0 && marker <= 0xC2) {
                frame = start;
            } else if (marker == 0xDA || marker == 0xD9) {
                break;
            }
            pos = end;
        }
        // Tables may follow the frame header (anything before the first scan counts): resolve them at the scan.
        if (frame < 0) {
            throw new IllegalArgumentException("no frame header (SOF0..2) before the first scan");
        }
        return fromFrame(d, frame, slots);
    }

    private static void readQuantTables(byte[] d, int pos, int end, int[][] slots) {
        while (pos < end) {
            int pqTq = d[pos++] & 0xFF;
            boolean wide = (pqTq >> 4) != 0;
            int slot = pqTq & 15;
            if (slot > 3 || end - pos < (wide ? 128 : 64)) {
                throw new IllegalArgumentException("bad DQT segment (slot " + slot + ")");
            }
            int[] table = new int[64];
            for (int k = 0; k < 64; k++) {
                int v = wide ? ((d[pos] & 0xFF) << 8) | (d[pos + 1] & 0xFF) : d[pos] & 0xFF;
                pos += wide ? 2 : 1;
                table[JpegCoefficientReader.ZIGZAG[k]] = v;
            }
            slots[slot] = table;
        }
    }

    private static JpegTables fromFrame(byte[] d, int pos, int[][] slots) {
        int end = pos - 2 + (((d[pos - 2] & 0xFF) << 8) | (d[pos - 1] & 0xFF));
        int components = d[pos + 5] & 0xFF;
        if (components < 1 || pos + 6 + 3 * components > end) {
            throw new IllegalArgumentException("bad SOF segment");
        }
        int[] lum = null;
        int[] chroma = null;
        int h = 1;
        int v = 1;
        for (int c = 0; c < components; c++) {
            int at = pos + 6 + 3 * c;
            int sampling = d[at + 1] & 0xFF;
            int[] table = slots[d[at + 2] & 3];
            if (table == null) {
                throw new IllegalArgumentException("component " + c + " uses an undefined quantization table");
            }
            if (c == 0) {
                lum = table;
                h = sampling >> 4;
                v = sampling & 15;
            } else if (c == 1) {
                chroma = table;
            }
        }
        return new JpegTables(lum.clone(), chroma == null ? null : chroma.clone(), h, v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JpegTables t && Arrays.equals(luminance, t.luminance)
                && Arrays.equals(chrominance, t.chrominance) && hSampling == t.hSampling && vSampling == t.vSampling;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(luminance) + Arrays.hashCode(chrominance) + 7 * hSampling + vSampling;
    }

    @Override
    public String toString() {
        return "JpegTables[" + hSampling + "x" + vSampling + ", luminance " + Arrays.toString(luminance) + "]";
    }
}
