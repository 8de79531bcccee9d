package io.omniiml.app.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;

/** The files a scan covers, as absolute normalized paths (the journal's keys), each once, in a stable order. */
public final class ScanInputs {
    private ScanInputs() {
    }

    /**
     * A folder: every regular file below it (recursive, sorted by path), except hidden files and folders (names
     * starting with '.') and anything under {@code exclude} (the output folder when it lies inside the input).
     * A file: a list of paths, one per line; blank lines and lines starting with '#' are skipped, relative paths
     * are taken relative to the list file's folder. Non-images are kept: the scan records why they failed.
     */
    public static List<Path> list(Path input, Path exclude) throws IOException {
        Path root = input.toAbsolutePath().normalize();
        Path skip = exclude == null ? null : exclude.toAbsolutePath().normalize();
        if (Files.isDirectory(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                return walk.filter(Files::isRegularFile)
                        .filter(p -> skip == null || !p.startsWith(skip))
                        .filter(p -> !isHidden(root.relativize(p)))
                        .sorted()
                        .toList();
            }
        }
        if (!Files.isRegularFile(root)) {
            throw new IOException(input + ": no such folder or list file");
        }
        LinkedHashSet<Path> files = new LinkedHashSet<>();
        for (String line : Files.readAllLines(root, StandardCharsets.UTF_8)) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                files.add(root.getParent().resolve(s).toAbsolutePath().normalize());
            }
        }
        return new ArrayList<>(files);
    }

    /**
     * Refuses an output folder that would make the scan cover nothing or its own outputs: {@code out} equal to the
     * input folder, or an input folder (or list file) that lies inside {@code out}; also an {@code out} that exists
     * but is not a folder. An {@code out} inside the input folder is fine: {@link #list} skips it.
     */
    public static void checkOutput(Path input, Path out) throws IOException {
        Path in = real(input);
        Path o = real(out);
        if (Files.exists(o) && !Files.isDirectory(o)) {
            throw new IOException("--out " + out + " exists and is not a folder");
        }
        if (Files.isDirectory(in) && in.equals(o)) {
            throw new IOException("--out " + out + " is the scanned folder itself; choose a separate output folder "
                    + "(one inside " + input + " is fine, it is skipped)");
        }
        if (in.startsWith(o) && !in.equals(o)) {
            throw new IOException("the input " + input + " lies inside the output folder " + out
                    + "; choose an output folder outside it");
        }
    }

    /** The real path where it exists (links resolved, so two spellings of one folder compare equal), else absolute. */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            return abs;
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
