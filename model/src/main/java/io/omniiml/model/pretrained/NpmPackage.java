package io.omniiml.model.pretrained;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A few files of an npm package, read from the tarball {@code npm pack} downloads (gzip + ustar, entries under
 * {@code package/}) or from a directory: the unpacked {@code package/} folder itself or the folder that holds it.
 * The tar reader is the small subset npm tarballs use (ustar with prefix field, pax {@code path} records, GNU long
 * names); the project adds no archive library for it.
 */
final class NpmPackage {
    private static final int BLOCK = 512;

    /** Where the package came from, for error messages and provenance. */
    final Path source;
    /** Whether {@link #source} is a .tgz (else a directory). */
    final boolean tarball;
    /** Paths relative to the package root (no {@code package/} prefix) to their contents; absent files are missing. */
    final Map<String, byte[]> files;
    /** For a tarball: npm's dist.integrity ("sha512-" + base64), dist.shasum (sha1 hex) and the byte count. */
    final String integrity;
    final String shasum;
    final long tarballBytes;

    private NpmPackage(Path source, boolean tarball, Map<String, byte[]> files, String integrity, String shasum,
                       long tarballBytes) {
        this.source = source;
        this.tarball = tarball;
        this.files = files;
        this.integrity = integrity;
        this.shasum = shasum;
        this.tarballBytes = tarballBytes;
    }

    /** Reads {@code wanted} (paths relative to the package root) from a .tgz or a directory. */
    static NpmPackage open(Path path, Set<String> wanted) throws IOException {
        if (Files.isDirectory(path)) {
            Path root = Files.isRegularFile(path.resolve("package.json")) ? path
                    : Files.isRegularFile(path.resolve("package/package.json")) ? path.resolve("package") : null;
            if (root == null) {
                throw new MobileNetV2Import.ImportException(path, "not an npm package (no package.json in it or in "
                        + "its package/ folder)");
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (String w : wanted) {
                Path f = root.resolve(w);
                if (Files.isRegularFile(f)) {
                    files.put(w, Files.readAllBytes(f));
                }
            }
            return new NpmPackage(path, false, files, null, null, -1);
        }
        if (!Files.isRegularFile(path)) {
            throw new MobileNetV2Import.ImportException(path, "no such file or directory");
        }
        MessageDigest sha512;
        MessageDigest sha1;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream raw = Files.newInputStream(path)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = raw.read(buf)) > 0; ) {
                sha512.update(buf, 0, n);
                sha1.update(buf, 0, n);
            }
        }
        Map<String, byte[]> files;
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(path)), 1 << 16)) {
            files = readTar(in, wanted, path);
        } catch (ZipException | EOFException e) {
            throw new MobileNetV2Import.ImportException(path, "not a gzip-compressed npm tarball (" + e.getMessage() + ")");
        }
        return new NpmPackage(path, true, files, "sha512-" + Base64.getEncoder().encodeToString(sha512.digest()),
                HexFormat.of().formatHex(sha1.digest()), Files.size(path));
    }

    private static Map<String, byte[]> readTar(InputStream in, Set<String> wanted, Path source) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            if (in.readNBytes(header, 0, BLOCK) < BLOCK) {
                break; // some writers omit the two zero blocks at the end
            }
            if (allZero(header)) {
                break;
            }
            if (!checksumOk(header)) {
                throw new MobileNetV2Import.ImportException(source, "not a tar archive inside the gzip stream (bad header "
                        + "checksum)");
            }
            long size = octal(header, 124, 12, source);
            byte type = header[156];
            byte[] data = null;
            String name = longName != null ? longName : name(header);
            longName = null;
            boolean meta = type == 'x' || type == 'L' || type == 'g';
            String relative = stripFirst(name);
            boolean keep = meta || (type == '0' || type == 0) && wanted.contains(relative);
            if (keep) {
                if (size > Integer.MAX_VALUE - 8) {
                    throw new MobileNetV2Import.ImportException(source, "tar entry too large: " + name);
                }
                data = in.readNBytes((int) size);
                if (data.length < size) {
                    throw new MobileNetV2Import.ImportException(source, "truncated tar entry " + name);
                }
                skipFully(in, pad(size), source);
            } else {
                skipFully(in, size + pad(size), source);
            }
            if (type == 'x') {
                longName = paxPath(data);
            } else if (type == 'L') {
                longName = cString(data, 0, data.length);
            } else if (data != null && type != 'g') {
                files.put(relative, data);
            }
        }
        return files;
    }

    private static long pad(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static void skipFully(InputStream in, long n, Path source) throws IOException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) {
                if (in.read() < 0) {
                    throw new MobileNetV2Import.ImportException(source, "truncated tar archive");
                }
                k = 1;
            }
            n -= k;
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean checksumOk(byte[] h) {
        long stored;
        try {
            stored = octal(h, 148, 8, null);
        } catch (IOException e) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xFF);
        }
        return sum == stored;
    }

    private static long octal(byte[] h, int off, int len, Path source) throws IOException {
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) {
            i++;
        }
        for (; i < end && h[i] >= '0' && h[i] <= '7'; i++) {
            v = v * 8 + (h[i] - '0');
        }
        for (; i < end; i++) {
            if (h[i] != ' ' && h[i] != 0) {
                throw new MobileNetV2Import.ImportException(source, "bad number in tar header");
            }
        }
        return v;
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** The {@code path} record of a pax extended header ("LEN path=VALUE\n"...), or null. */
    private static String paxPath(byte[] data) {
        int i = 0;
        while (i < data.length) {
            int sp = i;
            while (sp < data.length && data[sp] != ' ') {
                sp++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(data, i, sp - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return null;
            }
            if (len <= 0 || i + len > data.length) {
                return null;
            }
            String record = new String(data, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
            if (record.startsWith("path=")) {
                return record.substring(5);
            }
            i += len;
        }
        return null;
    }

    /** "package/dist/x.js" -> "dist/x.js" (npm's top folder is "package" but not every tarball keeps that name). */
    private static String stripFirst(String name) {
        String n = name.startsWith("./") ? name.substring(2) : name;
        int slash = n.indexOf('/');
        return slash < 0 ? n : n.substring(slash + 1);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
