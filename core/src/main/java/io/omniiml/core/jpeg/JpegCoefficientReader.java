package io.omniiml.core.jpeg;

import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.ImageReadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the quantized DCT coefficients and quantization tables of a JPEG file without decoding pixels,
 * bit-exact with libjpeg's {@code jpeg_read_coefficients} on valid files.
 *
 * <p>Supported: baseline and extended sequential (SOF0/SOF1) and progressive (SOF2) Huffman coding,
 * 8-bit samples, 1 to 4 components with any sampling factors 1..4, restart intervals.
 * Refused with an {@link ImageReadException}: arithmetic coding, lossless and hierarchical frames,
 * 12-bit samples, DNL-defined heights, and every kind of corrupt data. Where libjpeg only warns and
 * substitutes zeros (bad Huffman code, entropy data that ends early, a missing or wrong restart marker)
 * this reader refuses instead, because a forensic cue computed from made-up zeros would mislead.
 * Garbage bytes between segments are skipped, as libjpeg does.
 *
 * <p>Configure with {@link #builder()}; the static {@code read} methods use the defaults.
 */
public final class JpegCoefficientReader {
    /** Default pixel cap (width * height), checked from the frame header before anything is allocated. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /** ZIGZAG[k] = natural (row-major) index of the k-th coefficient in zigzag order. */
    static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

    /**
     * Each scan walks every block of its components, so a small file with thousands of tiny scans would take minutes;
     * real progressive files have about 10. Same limit as libjpeg-turbo's TurboJPEG "limit scans" option.
     */
    static final int MAX_SCANS = 500;
    /** Larger files cannot be held in one byte array; refused before reading. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 64;

    private final long maxPixels;

    private JpegCoefficientReader(Builder builder) {
        this.maxPixels = builder.maxPixels;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads with the default settings. */
    public static JpegCoefficients read(byte[] data, String source) throws ImageReadException {
        return builder().build().decode(data, source).coefficients();
    }

    /** Reads a file with the default settings; the file name is used in error messages. */
    public static JpegCoefficients read(Path file) throws IOException {
        return builder().build().decode(file).coefficients();
    }

    /** Reads a file: coefficients plus stream facts (restart interval, scans, Adobe transform). */
    public JpegStream decode(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new ImageReadException(name, "file too large (" + Files.size(file) + " bytes)");
        }
        return decode(Files.readAllBytes(file), name);
    }

    /** Reads a JPEG held in memory; {@code source} names it in error messages. */
    public JpegStream decode(byte[] data, String source) throws ImageReadException {
        try {
            return new Decoder(data, source, maxPixels).run();
        } catch (CorruptException e) {
            throw new ImageReadException(source, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ImageReadException(source, e.getMessage());
        }
    }

    /** Settings of the reader. */
    public static final class Builder {
        private long maxPixels = DEFAULT_MAX_PIXELS;

        /** Largest accepted width * height; larger frames are refused before allocation. */
        public Builder optMaxPixels(long maxPixels) {
            if (maxPixels < 1) {
                throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
            }
            this.maxPixels = maxPixels;
            return this;
        }

        public JpegCoefficientReader build() {
            return new JpegCoefficientReader(this);
        }
    }

    /** Internal signal for malformed data; turned into an ImageReadException with the source name. */
    private static final class CorruptException extends RuntimeException {
        CorruptException(String message) {
            super(message, null, false, false);
        }
    }

    private static final class FrameComponent {
        int id;
        int h;
        int v;
        int quantSlot;
        int blocksWide;
        int blocksHigh;
        short[] coefficients;
        /** Offset in {@link #coefficients}, relative to a block's corner, of each zigzag position. */
        int[] zigzagOffset;
        boolean scanned;
        int dcPredictor;
        HuffmanTable dcTable;
        HuffmanTable acTable;
    }

    private static final class Decoder {
        private final byte[] d;
        private final String source;
        private final long maxPixels;
        private int pos;

        private final int[][] quantTables = new int[4][];
        /** Tables as libjpeg latches them: the slot's contents when a component using it is first scanned. */
        private final int[][] latchedQuant = new int[4][];
        private final HuffmanTable[] dcTables = new HuffmanTable[4];
        private final HuffmanTable[] acTables = new HuffmanTable[4];
        private FrameComponent[] frame;
        private int width;
        private int height;
        private int hMax;
        private int vMax;
        private boolean progressive;
        private int restartInterval;
        private int scans;
        private int adobeTransform = -1;

        // bit reader state: 'bits' valid bits right-aligned in 'buffer', the last 'paddingBits' of them
        // are zeros appended after a marker or the end of data (consuming one means the data is truncated).
        private long buffer;
        private int bits;
        private int paddingBits;
        private boolean atMarker;
        private int eobRun;

        // scratch block for the parts of edge MCUs that lie outside the image (decoded, then dropped)
        private final short[] scratch = new short[64];
        private final int[] scratchOffset = naturalOffsets(8);

        Decoder(byte[] data, String source, long maxPixels) {
            this.d = data;
            this.source = source;
            this.maxPixels = maxPixels;
        }

        JpegStream run() {
            if (d.length < 4 || (d[0] & 0xFF) != 0xFF || (d[1] & 0xFF) != 0xD8) {
                throw new CorruptException("not a JPEG file (no SOI marker)");
            }
            pos = 2;
            boolean sawEoi = false;
            while (!sawEoi) {
                int marker = nextMarker();
                if (marker < 0) {
                    break; // data ends without EOI: accepted (libjpeg warns) if the frame is complete
                }
                switch (marker) {
                    case 0xC0, 0xC1, 0xC2 -> readFrame(marker == 0xC2);
                    case 0xC3, 0xC5, 0xC6, 0xC7 -> throw new CorruptException(
                            "lossless or hierarchical JPEG (SOF" + (marker - 0xC0) + ") is not supported");
                    case 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> throw new CorruptException(
                            "arithmetic-coded JPEG (SOF" + (marker - 0xC0) + ") is not supported");
                    case 0xCC -> throw new CorruptException("arithmetic-coded JPEG (DAC marker) is not supported");
                    case 0xC4 -> readHuffmanTables();
                    case 0xDB -> readQuantTables();
                    case 0xDD -> readRestartInterval();
                    case 0xDA -> readScan();
                    case 0xD9 -> sawEoi = true;
                    case 0xD8 -> throw new CorruptException("unexpected second SOI marker");
                    case 0xDC -> throw new CorruptException("DNL marker (height defined after the scan) is not supported");
                    case 0xEE -> readAdobe();
                    default -> {
                        if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
                            break; // stray RSTn or TEM: no segment, libjpeg ignores it as well
                        }
                        skipSegment();
                    }
                }
            }
            if (frame == null) {
                throw new CorruptException("no frame header (SOF) before the end of the data");
            }
            for (FrameComponent c : frame) {
                if (!c.scanned) {
                    throw new CorruptException("component " + c.id + " has no scan (data truncated?)");
                }
            }
            return new JpegStream(toCoefficients(), restartInterval, scans, adobeTransform);
        }

        private JpegCoefficients toCoefficients() {
            List<JpegCoefficients.Component> list = new ArrayList<>(frame.length);
            for (FrameComponent c : frame) {
                list.add(new JpegCoefficients.Component(c.id, c.h, c.v, c.quantSlot, c.blocksWide, c.blocksHigh,
                        c.coefficients));
            }
            int[][] tables = new int[4][];
            for (int i = 0; i < 4; i++) {
                int[] t = latchedQuant[i] != null ? latchedQuant[i] : quantTables[i];
                tables[i] = t == null ? null : t.clone();
            }
            return new JpegCoefficients(width, height, progressive, List.copyOf(list), tables);
        }

        /** Moves to the next marker, skipping garbage and fill bytes; returns its code or -1 at the end. */
        private int nextMarker() {
            while (true) {
                while (pos < d.length && (d[pos] & 0xFF) != 0xFF) {
                    pos++;
                }
                while (pos < d.length && (d[pos] & 0xFF) == 0xFF) {
                    pos++;
                }
                if (pos >= d.length) {
                    return -1;
                }
                int marker = d[pos++] & 0xFF;
                if (marker != 0) {
                    return marker; // FF 00 is stuffed data, not a marker: keep looking
                }
            }
        }

        /** Reads a segment length and checks the segment lies inside the data; returns the payload end. */
        private int segmentEnd(String what) {
            if (pos + 2 > d.length) {
                throw new CorruptException("truncated " + what + " segment");
            }
            int length = u16(pos);
            if (length < 2 || pos + length > d.length) {
                throw new CorruptException("bad " + what + " segment length " + length);
            }
            int end = pos + length;
            pos += 2;
            return end;
        }

        private int u16(int at) {
            return ((d[at] & 0xFF) << 8) | (d[at + 1] & 0xFF);
        }

        private int u8(int end, String what) {
            if (pos >= end) {
                throw new CorruptException("truncated " + what + " segment");
            }
            return d[pos++] & 0xFF;
        }

        private void skipSegment() {
            pos = segmentEnd("marker");
        }

        private void readAdobe() {
            int end = segmentEnd("APP14");
            if (end - pos >= 12 && new String(d, pos, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("Adobe")) {
                adobeTransform = d[pos + 11] & 0xFF;
            }
            pos = end;
        }

        private void readRestartInterval() {
            int end = segmentEnd("DRI");
            if (end - pos != 2) {
                throw new CorruptException("bad DRI segment length");
            }
            restartInterval = u16(pos);
            pos = end;
        }

        private void readQuantTables() {
            int end = segmentEnd("DQT");
            while (pos < end) {
                int pqTq = u8(end, "DQT");
                int precision = pqTq >> 4;
                int slot = pqTq & 15;
                if (slot > 3 || precision > 1) {
                    throw new CorruptException("bad DQT table " + slot + " / precision " + precision);
                }
                int need = precision == 0 ? 64 : 128;
                if (end - pos < need) {
                    throw new CorruptException("truncated DQT segment");
                }
                int[] table = new int[64];
                for (int k = 0; k < 64; k++) {
                    table[ZIGZAG[k]] = precision == 0 ? d[pos++] & 0xFF : u16Advance();
                }
                quantTables[slot] = table;
            }
        }

        private int u16Advance() {
            int v = u16(pos);
            pos += 2;
            return v;
        }

        private void readHuffmanTables() {
            int end = segmentEnd("DHT");
            while (pos < end) {
                int tcTh = u8(end, "DHT");
                int tableClass = tcTh >> 4;
                int slot = tcTh & 15;
                if (tableClass > 1 || slot > 3) {
                    throw new CorruptException("bad DHT table class " + tableClass + " / slot " + slot);
                }
                if (end - pos < 16) {
                    throw new CorruptException("truncated DHT segment");
                }
                int[] counts = new int[17];
                int total = 0;
                for (int len = 1; len <= 16; len++) {
                    counts[len] = d[pos++] & 0xFF;
                    total += counts[len];
                }
                if (total > 256 || end - pos < total) {
                    throw new CorruptException("bad DHT segment (" + total + " symbols)");
                }
                int[] symbols = new int[total];
                for (int i = 0; i < total; i++) {
                    symbols[i] = d[pos++] & 0xFF;
                }
                HuffmanTable table = new HuffmanTable(counts, symbols);
                (tableClass == 0 ? dcTables : acTables)[slot] = table;
            }
        }

        private void readFrame(boolean isProgressive) {
            if (frame != null) {
                throw new CorruptException("more than one frame header (SOF)");
            }
            int end = segmentEnd("SOF");
            int precision = u8(end, "SOF");
            if (precision != 8) {
                throw new CorruptException(precision + "-bit JPEG is not supported (only 8-bit)");
            }
            if (end - pos < 5) {
                throw new CorruptException("truncated SOF segment");
            }
            height = u16Advance();
            width = u16Advance();
            int count = d[pos++] & 0xFF;
            if (height == 0) {
                throw new CorruptException("image height 0 (DNL) is not supported");
            }
            if (width == 0) {
                throw new CorruptException("image width is 0");
            }
            if ((long) width * height > maxPixels) {
                throw new CorruptException("image of " + width + "x" + height + " pixels exceeds the limit of "
                        + maxPixels + " pixels");
            }
            if (count < 1 || count > 4) {
                throw new CorruptException(count + " components are not supported (1 to 4)");
            }
            if (end - pos != 3 * count) {
                throw new CorruptException("bad SOF segment length");
            }
            FrameComponent[] comps = new FrameComponent[count];
            for (int i = 0; i < count; i++) {
                FrameComponent c = new FrameComponent();
                c.id = d[pos++] & 0xFF;
                int hv = d[pos++] & 0xFF;
                c.h = hv >> 4;
                c.v = hv & 15;
                c.quantSlot = d[pos++] & 0xFF;
                if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4) {
                    throw new CorruptException("bad sampling factors " + c.h + "x" + c.v + " of component " + c.id);
                }
                if (c.quantSlot > 3) {
                    throw new CorruptException("bad quantization table slot " + c.quantSlot);
                }
                for (int j = 0; j < i; j++) {
                    if (comps[j].id == c.id) {
                        throw new CorruptException("duplicate component id " + c.id);
                    }
                }
                hMax = Math.max(hMax, c.h);
                vMax = Math.max(vMax, c.v);
                comps[i] = c;
            }
            long totalCoefficients = 0;
            for (FrameComponent c : comps) {
                totalCoefficients += 64L * ceilDiv(ceilDiv(width * (long) c.h, hMax), 8)
                        * ceilDiv(ceilDiv(height * (long) c.v, vMax), 8);
            }
            // Refuse before allocating: the arrays must fit Java arrays and comfortably fit the heap.
            if (totalCoefficients > Integer.MAX_VALUE - 64
                    || 2 * totalCoefficients > Runtime.getRuntime().maxMemory() / 2) {
                throw new CorruptException("image of " + width + "x" + height + "x" + count
                        + " is too large for the available memory");
            }
            for (FrameComponent c : comps) {
                // libjpeg's width_in_blocks / height_in_blocks: no padding to whole MCUs
                c.blocksWide = ceilDiv(ceilDiv(width * (long) c.h, hMax), 8);
                c.blocksHigh = ceilDiv(ceilDiv(height * (long) c.v, vMax), 8);
                c.coefficients = new short[c.blocksWide * 64 * c.blocksHigh];
                c.zigzagOffset = naturalOffsets(c.blocksWide * 8);
            }
            progressive = isProgressive;
            frame = comps;
        }

        private static int ceilDiv(long a, long b) {
            return (int) ((a + b - 1) / b);
        }

        private static int[] naturalOffsets(int stride) {
            int[] offsets = new int[64];
            for (int k = 0; k < 64; k++) {
                offsets[k] = (ZIGZAG[k] >> 3) * stride + (ZIGZAG[k] & 7);
            }
            return offsets;
        }

        private void readScan() {
            if (frame == null) {
                throw new CorruptException("scan (SOS) before the frame header (SOF)");
            }
            int end = segmentEnd("SOS");
            int n = u8(end, "SOS");
            if (n < 1 || n > 4 || end - pos != 2 * n + 3) {
                throw new CorruptException("bad SOS segment (" + n + " components)");
            }
            FrameComponent[] comps = new FrameComponent[n];
            for (int i = 0; i < n; i++) {
                int id = d[pos++] & 0xFF;
                int tables = d[pos++] & 0xFF;
                FrameComponent c = null;
                for (FrameComponent f : frame) {
                    if (f.id == id) {
                        c = f;
                    }
                }
                if (c == null) {
                    throw new CorruptException("scan refers to unknown component " + id);
                }
                for (int j = 0; j < i; j++) {
                    if (comps[j] == c) {
                        throw new CorruptException("component " + id + " twice in one scan");
                    }
                }
                int dc = tables >> 4;
                int ac = tables & 15;
                if (dc > 3 || ac > 3) {
                    throw new CorruptException("bad Huffman table slots in scan");
                }
                c.dcTable = dcTables[dc];
                c.acTable = acTables[ac];
                comps[i] = c;
            }
            int ss = d[pos++] & 0xFF;
            int se = d[pos++] & 0xFF;
            int ahAl = d[pos++] & 0xFF;
            int ah = ahAl >> 4;
            int al = ahAl & 15;
            ScanKind kind = scanKind(n, ss, se, ah, al);
            int blocksPerMcu = 0;
            for (FrameComponent c : comps) {
                blocksPerMcu += c.h * c.v;
                if (kind.needsDc() && c.dcTable == null || kind.needsAc() && c.acTable == null) {
                    throw new CorruptException("scan uses a Huffman table that was never defined");
                }
                if (!c.scanned) {
                    int[] q = quantTables[c.quantSlot];
                    if (q == null) {
                        throw new CorruptException("quantization table " + c.quantSlot + " was never defined");
                    }
                    if (latchedQuant[c.quantSlot] == null) {
                        latchedQuant[c.quantSlot] = q.clone();
                    }
                    c.scanned = true;
                }
                c.dcPredictor = 0;
            }
            if (n > 1 && blocksPerMcu > 10) {
                throw new CorruptException("too many blocks per MCU (" + blocksPerMcu + ")");
            }
            if (++scans > MAX_SCANS) {
                throw new CorruptException("more than " + MAX_SCANS + " scans (a scan bomb?)");
            }
            decodeScan(comps, kind, ss, se, al);
        }

        private enum ScanKind {
            SEQUENTIAL, DC_FIRST, DC_REFINE, AC_FIRST, AC_REFINE;

            boolean needsDc() {
                return this == SEQUENTIAL || this == DC_FIRST;
            }

            boolean needsAc() {
                return this == SEQUENTIAL || this == AC_FIRST || this == AC_REFINE;
            }
        }

        private ScanKind scanKind(int n, int ss, int se, int ah, int al) {
            if (!progressive) {
                // libjpeg only warns about odd Ss/Se/Ah/Al in a sequential scan and decodes all 64 coefficients
                return ScanKind.SEQUENTIAL;
            }
            boolean bad = ss == 0 ? se != 0 : se < ss || se > 63 || n != 1;
            if (bad || ah > 13 || al > 13 || ah != 0 && al != ah - 1) {
                throw new CorruptException("bad progressive scan parameters Ss=" + ss + " Se=" + se
                        + " Ah=" + ah + " Al=" + al);
            }
            if (ss == 0) {
                return ah == 0 ? ScanKind.DC_FIRST : ScanKind.DC_REFINE;
            }
            return ah == 0 ? ScanKind.AC_FIRST : ScanKind.AC_REFINE;
        }

        private void decodeScan(FrameComponent[] comps, ScanKind kind, int ss, int se, int al) {
            resetBits();
            eobRun = 0;
            int mcusWide;
            int mcusHigh;
            if (comps.length == 1) {
                mcusWide = comps[0].blocksWide;
                mcusHigh = comps[0].blocksHigh;
            } else {
                mcusWide = ceilDiv(width, 8L * hMax);
                mcusHigh = ceilDiv(height, 8L * vMax);
            }
            long total = (long) mcusWide * mcusHigh;
            int restartsSeen = 0;
            for (long mcu = 0; mcu < total; mcu++) {
                if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
                    readRestart(restartsSeen++ & 7);
                    for (FrameComponent c : comps) {
                        c.dcPredictor = 0;
                    }
                    eobRun = 0;
                }
                int mcuRow = (int) (mcu / mcusWide);
                int mcuCol = (int) (mcu % mcusWide);
                if (mcuCol == 0) {
                    Cancellation.checkpoint();
                }
                if (comps.length == 1) {
                    FrameComponent c = comps[0];
                    decodeBlock(kind, c, c.coefficients, (mcuRow * 8) * c.blocksWide * 8 + mcuCol * 8,
                            c.zigzagOffset, ss, se, al);
                    continue;
                }
                for (FrameComponent c : comps) {
                    for (int y = 0; y < c.v; y++) {
                        int row = mcuRow * c.v + y;
                        for (int x = 0; x < c.h; x++) {
                            int col = mcuCol * c.h + x;
                            if (row < c.blocksHigh && col < c.blocksWide) {
                                decodeBlock(kind, c, c.coefficients, row * 8 * c.blocksWide * 8 + col * 8,
                                        c.zigzagOffset, ss, se, al);
                            } else {
                                Arrays.fill(scratch, (short) 0);
                                decodeBlock(kind, c, scratch, 0, scratchOffset, ss, se, al);
                            }
                        }
                    }
                }
            }
            pos = Math.max(pos, bytePosition());
        }

        /** Byte position of the bit reader (it stops at markers, so it never passes the next one). */
        private int bytePosition() {
            return readPos;
        }

        private void readRestart(int expected) {
            int marker = nextMarkerFrom(readPos);
            if (marker != 0xD0 + expected) {
                throw new CorruptException(marker < 0 ? "truncated JPEG data (ends inside a scan)"
                        : String.format("expected restart marker RST%d, found marker 0x%02X", expected, marker));
            }
            resetBits();
        }

        private int nextMarkerFrom(int from) {
            pos = from;
            return nextMarker();
        }

        private void decodeBlock(ScanKind kind, FrameComponent c, short[] a, int base, int[] zz,
                                 int ss, int se, int al) {
            switch (kind) {
                case SEQUENTIAL -> decodeSequential(c, a, base, zz);
                case DC_FIRST -> {
                    int s = decodeSymbol(c.dcTable);
                    if (s > 15) {
                        throw new CorruptException("bad DC coefficient magnitude in entropy data");
                    }
                    c.dcPredictor += s == 0 ? 0 : extend(receive(s), s);
                    a[base] = (short) (c.dcPredictor << al);
                }
                case DC_REFINE -> {
                    if (receive(1) != 0) {
                        a[base] |= (short) (1 << al);
                    }
                }
                case AC_FIRST -> decodeAcFirst(c, a, base, zz, ss, se, al);
                case AC_REFINE -> decodeAcRefine(c, a, base, zz, ss, se, al);
            }
        }

        private void decodeSequential(FrameComponent c, short[] a, int base, int[] zz) {
            int s = decodeSymbol(c.dcTable);
            if (s > 15) {
                throw new CorruptException("bad DC coefficient magnitude in entropy data");
            }
            if (s != 0) {
                c.dcPredictor += extend(receive(s), s);
            }
            a[base] = (short) c.dcPredictor;
            HuffmanTable ac = c.acTable;
            for (int k = 1; k < 64; k++) {
                int rs = decodeSymbol(ac);
                int r = rs >> 4;
                s = rs & 15;
                if (s != 0) {
                    k += r;
                    if (k > 63) {
                        throw new CorruptException("corrupt entropy data (coefficient run past the block)");
                    }
                    a[base + zz[k]] = (short) extend(receive(s), s);
                } else if (r == 15) {
                    k += 15;
                } else {
                    break;
                }
            }
        }

        private void decodeAcFirst(FrameComponent c, short[] a, int base, int[] zz, int ss, int se, int al) {
            if (eobRun > 0) {
                eobRun--;
                return;
            }
            for (int k = ss; k <= se; k++) {
                int rs = decodeSymbol(c.acTable);
                int r = rs >> 4;
                int s = rs & 15;
                if (s != 0) {
                    k += r;
                    if (k > se) {
                        throw new CorruptException("corrupt entropy data (coefficient run past the band)");
                    }
                    a[base + zz[k]] = (short) (extend(receive(s), s) * (1 << al));
                } else if (r == 15) {
                    k += 15;
                } else {
                    eobRun = (1 << r) - 1;
                    if (r > 0) {
                        eobRun += receive(r);
                    }
                    break;
                }
            }
        }

        /** Successive approximation of AC coefficients, after libjpeg's decode_mcu_AC_refine. */
        private void decodeAcRefine(FrameComponent c, short[] a, int base, int[] zz, int ss, int se, int al) {
            int plusOne = 1 << al;
            int minusOne = -1 << al;
            int k = ss;
            if (eobRun == 0) {
                for (; k <= se; k++) {
                    int rs = decodeSymbol(c.acTable);
                    int r = rs >> 4;
                    int s = rs & 15;
                    int value = 0;
                    if (s != 0) {
                        if (s != 1) {
                            throw new CorruptException("corrupt entropy data (bad refinement magnitude)");
                        }
                        value = receive(1) != 0 ? plusOne : minusOne;
                    } else if (r != 15) {
                        eobRun = 1 << r;
                        if (r > 0) {
                            eobRun += receive(r);
                        }
                        break;
                    }
                    // skip r zero coefficients (refining the nonzero ones passed on the way)
                    do {
                        int at = base + zz[k];
                        if (a[at] != 0) {
                            refine(a, at, plusOne, minusOne);
                        } else if (--r < 0) {
                            break;
                        }
                        k++;
                    } while (k <= se);
                    if (value != 0) {
                        if (k > se) {
                            throw new CorruptException("corrupt entropy data (refinement run past the band)");
                        }
                        a[base + zz[k]] = (short) value;
                    }
                }
            }
            if (eobRun > 0) {
                for (; k <= se; k++) {
                    int at = base + zz[k];
                    if (a[at] != 0) {
                        refine(a, at, plusOne, minusOne);
                    }
                }
                eobRun--;
            }
        }

        private void refine(short[] a, int at, int plusOne, int minusOne) {
            if (receive(1) != 0 && (a[at] & plusOne) == 0) {
                a[at] += (short) (a[at] >= 0 ? plusOne : minusOne);
            }
        }

        // ---- bit reader ----

        private int readPos;

        private void resetBits() {
            buffer = 0;
            bits = 0;
            paddingBits = 0;
            atMarker = false;
            readPos = pos;
        }

        /** Tops the buffer up to more than 56 bits; past a marker or the end it appends zero padding. */
        private void fill() {
            // locals instead of fields in the loop: this is the reader's hottest method
            long buf = buffer;
            int n = bits;
            int p = readPos;
            byte[] data = d;
            while (n <= 56) {
                int b = 0;
                if (atMarker || p >= data.length) {
                    atMarker = true;
                    paddingBits += 8;
                } else {
                    b = data[p] & 0xFF;
                    if (b != 0xFF) {
                        p++;
                    } else if (p + 1 < data.length && data[p + 1] == 0) {
                        p += 2; // stuffed zero byte
                    } else {
                        b = 0;
                        atMarker = true; // a marker: leave the position on it
                        paddingBits += 8;
                    }
                }
                buf = (buf << 8) | b;
                n += 8;
            }
            buffer = buf;
            bits = n;
            readPos = p;
        }

        private void consume(int n) {
            bits -= n;
            if (bits < paddingBits) {
                throw new CorruptException("truncated or corrupt JPEG data (entropy-coded data ends early in scan "
                        + scans + ")");
            }
        }

        private int receive(int n) {
            if (bits < n) {
                fill();
            }
            int v = (int) (buffer >>> (bits - n)) & ((1 << n) - 1);
            consume(n);
            return v;
        }

        private static int extend(int v, int s) {
            return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
        }

        private int decodeSymbol(HuffmanTable t) {
            if (bits < 16) {
                fill();
            }
            int entry = t.lookup[(int) (buffer >>> (bits - HuffmanTable.LOOKUP_BITS)) & ((1 << HuffmanTable.LOOKUP_BITS) - 1)];
            if (entry != 0) {
                consume(entry >> 8);
                return entry & 0xFF;
            }
            int code16 = (int) (buffer >>> (bits - 16)) & 0xFFFF;
            int len = HuffmanTable.LOOKUP_BITS + 1;
            int code = code16 >>> (16 - len);
            while (code > t.maxCode[len]) {
                len++;
                if (len > 16) {
                    throw new CorruptException("corrupt entropy data (invalid Huffman code in scan " + scans + ")");
                }
                code = code16 >>> (16 - len);
            }
            consume(len);
            return t.symbols[t.valueOffset[len] + code];
        }
    }
}
