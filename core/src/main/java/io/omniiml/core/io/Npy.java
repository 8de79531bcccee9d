package io.omniiml.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy .npy files (format versions 1.0, 2.0 and 3.0 headers; C order only).
 * Readable dtypes: little-endian i2, i4, u1, u2, f4, f8, the byte types |u1 |i1 and bool (|b1).
 * Written: int16, int32, float32 and uint8, header version 1.0 as numpy.save does.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** Refuse headers that declare more elements than a Java array holds. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Npy() {
    }

    public static void write(Path file, short[] data, int... shape) throws IOException {
        ByteBuffer b = body(file, data.length, shape, 2);
        b.asShortBuffer().put(data);
        writeFile(file, "<i2", shape, b);
    }

    public static void write(Path file, int[] data, int... shape) throws IOException {
        ByteBuffer b = body(file, data.length, shape, 4);
        b.asIntBuffer().put(data);
        writeFile(file, "<i4", shape, b);
    }

    public static void write(Path file, float[] data, int... shape) throws IOException {
        ByteBuffer b = body(file, data.length, shape, 4);
        b.asFloatBuffer().put(data);
        writeFile(file, "<f4", shape, b);
    }

    /** Writes bytes as uint8 ({@code |u1}). */
    public static void write(Path file, byte[] data, int... shape) throws IOException {
        ByteBuffer b = body(file, data.length, shape, 1);
        b.put(data);
        writeFile(file, "|u1", shape, b);
    }

    private static ByteBuffer body(Path file, int length, int[] shape, int itemSize) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException(file + ": negative dimension in shape");
            }
            n *= s;
        }
        if (n != length) {
            throw new IllegalArgumentException(file + ": shape holds " + n + " elements but data has " + length);
        }
        return ByteBuffer.allocate(length * itemSize).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeFile(Path file, String dtype, int[] shape, ByteBuffer body) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int s : shape) {
            dims.append(s).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + (shape.length == 0 ? "" : dims.substring(0, dims.length() - 2)) + ")";
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        // numpy pads the header with spaces and a newline so that the data starts at a multiple of 64
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        byte[] headerBytes = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + headerBytes.length + body.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerBytes.length).put(headerBytes);
        out.put(body.array());
        Files.write(file, out.array());
    }

    /** Reads a .npy file; errors name the file. */
    public static NpyArray read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.getFileName().toString());
    }

    /** Reads .npy content held in memory; {@code source} names it in error messages. */
    public static NpyArray read(byte[] bytes, String source) throws NpyFormatException {
        if (bytes.length < 10) {
            throw new NpyFormatException(source, "not a .npy file (too short)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new NpyFormatException(source, "not a .npy file (bad magic)");
            }
        }
        int major = bytes[6] & 0xFF;
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = in.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new NpyFormatException(source, "truncated .npy header");
            }
            headerLength = in.getInt(8) & 0xFFFFFFFFL;
            headerStart = 12;
        } else {
            throw new NpyFormatException(source, "unsupported .npy format version " + major);
        }
        if (headerStart + headerLength > bytes.length) {
            throw new NpyFormatException(source, "truncated .npy header");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String dtype = field(DESCR, header, source, "descr");
        if (field(FORTRAN, header, source, "fortran_order").equals("True")) {
            throw new NpyFormatException(source, "Fortran-order arrays are not supported");
        }
        int[] shape = parseShape(field(SHAPE, header, source, "shape"), source);
        long count = 1;
        for (int s : shape) {
            count *= s;
            if (count > MAX_ELEMENTS) {
                throw new NpyFormatException(source, "array too large");
            }
        }
        int itemSize = itemSize(dtype, source);
        int dataStart = headerStart + (int) headerLength;
        if ((long) bytes.length - dataStart < count * itemSize) {
            throw new NpyFormatException(source, "truncated .npy data (" + count + " elements of " + dtype
                    + " need " + count * itemSize + " bytes, " + (bytes.length - dataStart) + " present)");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) count;
        if (dtype.endsWith("f4") || dtype.endsWith("f8")) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = itemSize == 4 ? data.getFloat(i * 4) : data.getDouble(i * 8);
            }
            return new NpyArray(dtype, shape, null, values);
        }
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = switch (dtype) {
                case "<i2" -> data.getShort(i * 2);
                case "<u2" -> data.getShort(i * 2) & 0xFFFF;
                case "<i4" -> data.getInt(i * 4);
                case "|i1" -> data.get(i);
                case "|b1" -> data.get(i) != 0 ? 1 : 0;
                default -> data.get(i) & 0xFF; // |u1, <u1
            };
        }
        return new NpyArray(dtype, shape, values, null);
    }

    private static int itemSize(String dtype, String source) throws NpyFormatException {
        return switch (dtype) {
            case "<i2", "<u2" -> 2;
            case "<i4", "<f4" -> 4;
            case "<f8" -> 8;
            case "|u1", "<u1", "|i1", "|b1" -> 1;
            default -> throw new NpyFormatException(source, "unsupported dtype '" + dtype
                    + "' (supported: <i2 <i4 <u1 <u2 <f4 <f8 |u1 |i1 |b1)");
        };
    }

    private static String field(Pattern p, String header, String source, String name) throws NpyFormatException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new NpyFormatException(source, "bad .npy header (no '" + name + "')");
        }
        return m.group(1);
    }

    private static int[] parseShape(String text, String source) throws NpyFormatException {
        String[] parts = text.split(",");
        int count = 0;
        int[] dims = new int[parts.length];
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                t = t.endsWith("L") ? t.substring(0, t.length() - 1) : t;
                long v = Long.parseLong(t);
                if (v < 0 || v > MAX_ELEMENTS) {
                    throw new NpyFormatException(source, "bad dimension " + t + " in .npy shape");
                }
                dims[count++] = (int) v;
            } catch (NumberFormatException e) {
                throw new NpyFormatException(source, "bad .npy shape '(" + text + ")'");
            }
        }
        return java.util.Arrays.copyOf(dims, count);
    }
}
