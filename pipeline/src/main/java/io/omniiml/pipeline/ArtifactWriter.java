package io.omniiml.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.api.AnalysisResult;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.core.mask.ProbabilityMapOps;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes the pictures of one analysis into an output folder, under the names of a {@link Layout}: the binary mask
 * (8-bit grey, 255 = tampered), the 16-bit probability map (value / 65535), the overlay (heatmap blended over the
 * image, boxes drawn) and, where the layout has one, a thumbnail of the overlay. {@link #files} gives their paths
 * relative to the folder, as the {@code files} object of the result JSON (docs/json.md).
 *
 * <p>An image's pictures are written as a set: when one of them fails, those already written are deleted before
 * the failure is thrown, so a rerun never finds half a set. Unless overwriting is allowed, a picture that exists
 * already is refused before anything is written.
 */
public final class ArtifactWriter {
    /** The longer side of a thumbnail, in pixels. */
    public static final int THUMBNAIL_SIDE = 256;

    /** File names of an image's pictures; NAME is the name the front end gives the image. */
    public enum Layout {
        /** detect: NAME_mask.png, NAME_prob.png, NAME_overlay.png side by side, no thumbnail. */
        FLAT("%s_mask.png", "%s_prob.png", "%s_overlay.png", null),
        /** scan: masks/NAME.png, prob/NAME.png, overlays/NAME.png, thumbs/NAME.png. */
        FOLDERS("masks/%s.png", "prob/%s.png", "overlays/%s.png", "thumbs/%s.png");

        private final String mask;
        private final String probability;
        private final String overlay;
        private final String thumbnail;

        Layout(String mask, String probability, String overlay, String thumbnail) {
            this.mask = mask;
            this.probability = probability;
            this.overlay = overlay;
            this.thumbnail = thumbnail;
        }
    }

    private final Path folder;
    private final Layout layout;
    private final double opacity;
    private final boolean overwrite;

    /**
     * @param folder    the output folder (it and the layout's sub-folders are created when missing)
     * @param opacity   heatmap opacity in the overlay, 0..1
     * @param overwrite whether existing pictures may be replaced
     */
    public ArtifactWriter(Path folder, Layout layout, double opacity, boolean overwrite) {
        this.folder = folder;
        this.layout = layout;
        this.opacity = opacity;
        this.overwrite = overwrite;
    }

    /** The {@code files} object of {@code name}: mask, probability, overlay (and thumbnail), relative to the folder. */
    public ObjectNode files(String name) {
        ObjectNode files = ResultJson.MAPPER.createObjectNode();
        relativePaths(name).forEach(files::put);
        return files;
    }

    /** The pictures of {@code name} in the folder (so a front end can check them before anything is written). */
    public List<Path> targets(String name) {
        return List.copyOf(targetsByKey(name).values());
    }

    private Map<String, String> relativePaths(String name) {
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("mask", layout.mask.formatted(name));
        paths.put("probability", layout.probability.formatted(name));
        paths.put("overlay", layout.overlay.formatted(name));
        if (layout.thumbnail != null) {
            paths.put("thumbnail", layout.thumbnail.formatted(name));
        }
        return paths;
    }

    private Map<String, Path> targetsByKey(String name) {
        Map<String, Path> targets = new LinkedHashMap<>();
        relativePaths(name).forEach((key, relative) -> targets.put(key, folder.resolve(relative)));
        return targets;
    }

    /**
     * Writes the pictures of {@code name} for {@code result} over {@code image} (the image as analysed) and returns
     * {@link #files}. Throws, with none of this call's pictures left behind, when a picture exists and overwriting is
     * not allowed (nothing is written then) or when a write fails.
     */
    public ObjectNode write(String name, BufferedImage image, AnalysisResult result) throws IOException {
        Map<String, Path> targets = targetsByKey(name);
        if (!overwrite) {
            for (Path t : targets.values()) {
                if (Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("output " + t + " exists and may not be replaced");
                }
            }
        }
        List<Path> written = new ArrayList<>();
        try {
            written.add(targets.get("mask"));
            MaskOps.write(result.mask(), targets.get("mask"));
            written.add(targets.get("probability"));
            ProbabilityMapOps.write16(result.probability(), targets.get("probability"));
            BufferedImage overlay = OverlayOps.overlay(image, result.probability(), result.boxes(), opacity,
                    OverlayOps.Colormap.INFERNO);
            written.add(targets.get("overlay"));
            png(overlay, targets.get("overlay"));
            if (targets.containsKey("thumbnail")) {
                written.add(targets.get("thumbnail"));
                png(OverlayOps.thumbnail(overlay, THUMBNAIL_SIDE), targets.get("thumbnail"));
            }
        } catch (IOException | RuntimeException | Error e) {
            delete(written);
            throw e;
        }
        return files(name);
    }

    /** Deletes {@code files}, as far as it can: the failure that made them half a set is what gets reported. */
    public static void delete(List<Path> files) {
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // best effort; the caller reports the failure that made this necessary
            }
        }
    }

    private static void png(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }
}
