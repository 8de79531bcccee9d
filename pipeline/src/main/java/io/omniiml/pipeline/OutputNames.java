package io.omniiml.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The output stems of one {@code detect} or {@code evidence} call, unique per input, and the checks made before an
 * input's files are written.
 *
 * <p>The rule: an input's stem is its file name without the extension ({@code photo.jpg} -> {@code photo}) when no
 * other input of the same call has that stem (compared case-insensitively, as some file systems do); otherwise the
 * extension is kept, joined by an underscore ({@code img.png} -> {@code img_png}, {@code img.tiff} ->
 * {@code img_tiff}). Names still equal after that (the same file name in two folders, or a file given twice) get
 * {@code _2}, {@code _3}, ... in input order, the first keeping the name; a name that is another input's unique
 * plain stem is never taken. The stems depend only on the list of inputs, so the same command gives the same names.
 *
 * <p>Before anything is written for an input, {@link #check} refuses a target that is one of the call's inputs
 * (always, even with {@code --overwrite}) and, unless overwriting is allowed, a target that already exists.
 */
public final class OutputNames {
    private final List<String> stems;
    private final Set<Path> inputs;

    private OutputNames(List<String> stems, Set<Path> inputs) {
        this.stems = List.copyOf(stems);
        this.inputs = inputs;
    }

    /** The stems of {@code inputs} (in order; a path given twice gets one stem per occurrence, see {@link #stem(int)}). */
    public static OutputNames of(List<Path> inputs) {
        List<String> plain = new ArrayList<>();
        Map<String, Integer> count = new HashMap<>();
        for (Path p : inputs) {
            String s = plainStem(p);
            plain.add(s);
            count.merge(key(s), 1, Integer::sum);
        }
        // Plain stems that are unique keep their name and are reserved first; the others take stem_ext, then
        // stem_ext_2, stem_ext_3, ... in input order, skipping every name already taken.
        Set<String> taken = new HashSet<>();
        for (String s : plain) {
            if (count.get(key(s)) == 1) {
                taken.add(key(s));
            }
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String s = plain.get(i);
            if (count.get(key(s)) == 1) {
                result.add(s);
                continue;
            }
            String c = withExtension(inputs.get(i));
            String name = c;
            for (int n = 2; taken.contains(key(name)); n++) {
                name = c + "_" + n;
            }
            taken.add(key(name));
            result.add(name);
        }
        Set<Path> normalized = new HashSet<>();
        for (Path p : inputs) {
            normalized.add(normalize(p));
        }
        return new OutputNames(result, normalized);
    }

    /** The output stem of the {@code index}-th input. */
    public String stem(int index) {
        return stems.get(index);
    }

    /**
     * Refuses to write any of {@code targets}: an IOException naming the first target that is one of the call's
     * inputs, or that exists while {@code overwrite} is false. Nothing is written by this method.
     */
    public void check(List<Path> targets, boolean overwrite) throws IOException {
        for (Path t : targets) {
            if (inputs.contains(normalize(t))) {
                throw new IOException("output " + t + " would replace one of the inputs; choose another --out folder");
            }
        }
        if (!overwrite) {
            for (Path t : targets) {
                if (Files.exists(t, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("output " + t + " exists; pass --overwrite to replace it, or choose another --out folder");
                }
            }
        }
    }

    /** The file name without its last extension ({@code a.b.jpg} -> {@code a.b}; a name starting with a dot is kept). */
    public static String plainStem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String withExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + "_" + name.substring(dot + 1) : name;
    }

    private static String key(String stem) {
        return stem.toLowerCase(Locale.ROOT);
    }

    /** The path as compared with the inputs: the real path when the file exists (links resolved), else absolute. */
    private static Path normalize(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            Path parent = abs.getParent();
            if (parent != null) {
                try {
                    return parent.toRealPath().resolve(abs.getFileName());
                } catch (IOException ignored) {
                    // neither exists: the absolute path is all there is
                }
            }
            return abs;
        }
    }
}
