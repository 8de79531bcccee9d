package io.omniiml.spark;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code model_id} column: which model produced a row. A model folder is identified by the SHA-256 of its
 * files (relative names and contents, in name order), so equal weights give equal ids wherever they are stored
 * and any change to weights or configuration changes the id. Without a folder (the default model, or a classical
 * detector) the analyzer's own description names it.
 */
final class ModelProvenance {
    private ModelProvenance() {
    }

    /** "sha256:" + hex digest over every regular file below {@code dir} (any Hadoop file system). */
    static String ofFolder(Path dir, Configuration conf) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        Path root = fs.makeQualified(dir);
        FileStatus rootStatus = fs.getFileStatus(root);
        List<LocatedFileStatus> files = new ArrayList<>();
        if (rootStatus.isFile()) {
            files.add(fs.listFiles(root, false).next());
        } else {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                files.add(it.next());
            }
        }
        files.sort(Comparator.comparing(f -> f.getPath().toUri().getPath()));
        MessageDigest sha = sha256();
        String rootPath = root.toUri().getPath();
        String prefix = rootPath.endsWith("/") ? rootPath : rootPath + "/";
        byte[] buffer = new byte[1 << 16];
        for (LocatedFileStatus f : files) {
            String path = f.getPath().toUri().getPath();
            String relative = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
            sha.update(relative.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            try (FSDataInputStream in = fs.open(f.getPath())) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
            sha.update((byte) 0);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The id an analyzer states about itself ({@code model_id}, {@code id}, or {@code provenance.id}), else the
     * "sha256:" digest of its whole description, prefixed by its kind when it has one.
     */
    static String ofDescription(JsonNode description) {
        for (String field : List.of("model_id", "id")) {
            if (description.hasNonNull(field)) {
                return description.get(field).asText();
            }
        }
        JsonNode provenance = description.path("provenance");
        if (provenance.hasNonNull("id")) {
            return provenance.get("id").asText();
        }
        String digest = HexFormat.of().formatHex(sha256().digest(description.toString().getBytes(StandardCharsets.UTF_8)));
        String kind = description.path("kind").asText("");
        return (kind.isEmpty() ? "" : kind + ":") + "sha256:" + digest;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
