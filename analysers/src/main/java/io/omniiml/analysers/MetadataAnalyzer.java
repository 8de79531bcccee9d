package io.omniiml.analysers;

import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.ExifThumbnailDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.image.PixelPlaneOps;
import io.omniiml.core.mask.ProbabilityMap;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Metadata (read by metadata-extractor): camera make and model, dates, the software that last wrote the file,
 * XMP creator tool and edit history, and the embedded EXIF thumbnail. A thumbnail is what the camera saw; if
 * the image no longer looks like it, the difference shows where. The per-pixel score is that difference
 * (image reduced to the thumbnail's size, mean absolute RGB difference, scaled so 48 grey levels is 1) where a
 * thumbnail exists and decodes; otherwise zero everywhere (metadata alone says nothing about where).
 */
public final class MetadataAnalyzer implements EvidenceAnalyzer {
    static final Pattern EDITORS = Pattern.compile(
            "photoshop|gimp|lightroom|affinity|pixelmator|paint\\.net|snapseed|picsart|canva|facetune|photopea|krita|darktable|"
                    + "capture one|acdsee|corel|luminar|fotor|meitu|airbrush|imagemagick|graphicsmagick",
            Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "metadata";
    }

    @Override
    public String quantity() {
        return "difference from the embedded thumbnail";
    }

    @Override
    public Evidence analyze(LoadedImage image) {
        int w = image.width();
        int h = image.height();
        Map<String, Object> stats = new TreeMap<>();
        List<String> findings = new ArrayList<>();
        Metadata md = image.metadata().orElse(null);
        if (md == null) {
            stats.put("readable", false);
            findings.add("no readable metadata (" + image.format() + ")");
            WorkingGrid grid = WorkingGrid.of(w, h);
            return new Evidence(name(), quantity(), grid.zeros(), Field.filled(grid.width(), grid.height(), Float.NaN),
                    PixelOps.heatmap(grid.zeros()), stats, findings);
        }
        stats.put("readable", true);
        String make = tag(md, ExifIFD0Directory.class, ExifIFD0Directory.TAG_MAKE);
        String model = tag(md, ExifIFD0Directory.class, ExifIFD0Directory.TAG_MODEL);
        String software = tag(md, ExifIFD0Directory.class, ExifIFD0Directory.TAG_SOFTWARE);
        String modified = tag(md, ExifIFD0Directory.class, ExifIFD0Directory.TAG_DATETIME);
        String original = tag(md, ExifSubIFDDirectory.class, ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL);
        putIf(stats, "camera_make", make);
        putIf(stats, "camera_model", model);
        putIf(stats, "software", software);
        putIf(stats, "date_modified", modified);
        putIf(stats, "date_original", original);
        List<String> editors = new ArrayList<>();
        if (software != null && EDITORS.matcher(software).find()) {
            editors.add(software);
        }
        XmpDirectory xmp = md.getFirstDirectoryOfType(XmpDirectory.class);
        if (xmp != null) {
            Map<String, String> props = new TreeMap<>(xmp.getXmpProperties());
            String tool = props.get("xmp:CreatorTool");
            putIf(stats, "xmp_creator_tool", tool);
            if (tool != null && EDITORS.matcher(tool).find() && !editors.contains(tool)) {
                editors.add(tool);
            }
            long history = props.keySet().stream().filter(k -> k.startsWith("xmpMM:History")).count();
            if (history > 0) {
                stats.put("xmp_history_entries", history);
            }
        }
        boolean photoshopBlock = md.getDirectories().iterator().hasNext() && containsDirectory(md, "Photoshop");
        stats.put("photoshop_resources", photoshopBlock);
        stats.put("editing_software", editors);
        stats.put("exif_present", md.getFirstDirectoryOfType(ExifIFD0Directory.class) != null);
        if (make != null || model != null) {
            findings.add("camera: " + String.join(" ", nonNull(make, model)));
        } else {
            findings.add("no camera make or model in the metadata");
        }
        if (!editors.isEmpty()) {
            findings.add("written by editing software: " + String.join(", ", editors));
        } else if (software != null) {
            findings.add("software tag: " + software);
        }
        if (original != null && modified != null && !original.equals(modified)) {
            findings.add("modification date " + modified + " differs from the capture date " + original);
        }
        WorkingGrid grid = WorkingGrid.of(w, h);
        float[] score = new float[grid.width() * grid.height()];
        float[] measure = new float[score.length];
        java.util.Arrays.fill(measure, Float.NaN);
        BufferedImage thumb = thumbnail(md, image.bytes());
        if (thumb != null && thumb.getWidth() >= 8 && thumb.getHeight() >= 8) {
            double meanDiff = compareThumbnail(image, grid, thumb, score, measure);
            stats.put("thumbnail_size", List.of(thumb.getWidth(), thumb.getHeight()));
            stats.put("thumbnail_mean_difference", PixelOps.round(meanDiff, 3));
            findings.add(Double.isNaN(meanDiff)
                    ? String.format(Locale.ROOT, "embedded thumbnail %dx%d has a different aspect ratio than the image: it was cropped or replaced",
                    thumb.getWidth(), thumb.getHeight())
                    : String.format(Locale.ROOT, "embedded thumbnail %dx%d differs from the image by %.1f grey levels on average%s",
                    thumb.getWidth(), thumb.getHeight(), meanDiff, meanDiff > 12 ? " (the image was changed after the thumbnail was made)" : ""));
        } else {
            findings.add("no embedded EXIF thumbnail");
        }
        ProbabilityMap map = new ProbabilityMap(grid.width(), grid.height(), score);
        return new Evidence(name(), quantity(), map, new Field(grid.width(), grid.height(), measure), PixelOps.heatmap(map), stats, findings);
    }

    private static boolean containsDirectory(Metadata md, String name) {
        for (Directory d : md.getDirectories()) {
            if (d.getName().startsWith(name)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> nonNull(String... s) {
        List<String> out = new ArrayList<>();
        for (String x : s) {
            if (x != null) {
                out.add(x);
            }
        }
        return out;
    }

    private static void putIf(Map<String, Object> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String tag(Metadata md, Class<? extends Directory> type, int tag) {
        Directory d = md.getFirstDirectoryOfType(type);
        if (d == null) {
            return null;
        }
        String s = d.getString(tag);
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The EXIF thumbnail decoded, or null when there is none or it does not decode. */
    static BufferedImage thumbnail(Metadata md, byte[] bytes) {
        ExifThumbnailDirectory d = md.getFirstDirectoryOfType(ExifThumbnailDirectory.class);
        if (d == null) {
            return null;
        }
        Integer offset = d.getAdjustedThumbnailOffset();
        Integer length = d.getInteger(ExifThumbnailDirectory.TAG_THUMBNAIL_LENGTH);
        if (offset == null || length == null || offset < 0 || length <= 0 || (long) offset + length > bytes.length) {
            return null;
        }
        try {
            BufferedImage t = ImageIO.read(new ByteArrayInputStream(bytes, offset, length));
            if (t == null) {
                return null;
            }
            BufferedImage rgb = new BufferedImage(t.getWidth(), t.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(t, 0, 0, null);
            return rgb;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Fills score/measure with the thumbnail difference; NaN when the aspect ratios disagree (crop/replacement). */
    private static double compareThumbnail(LoadedImage image, WorkingGrid grid, BufferedImage thumb, float[] score,
                                           float[] measure) {
        int w = image.width();
        int h = image.height();
        int tw = thumb.getWidth();
        int th = thumb.getHeight();
        // Thumbnails are stored unrotated; a swapped aspect means the EXIF orientation turned the image.
        boolean swapped = image.exifOrientation() >= 5;
        int sw = swapped ? h : w;
        int sh = swapped ? w : h;
        double aspectImage = (double) sw / sh;
        double aspectThumb = (double) tw / th;
        if (Math.abs(Math.log(aspectImage / aspectThumb)) > 0.08) {
            return Double.NaN;
        }
        float[] r;
        float[] g;
        float[] b;
        if (grid.full()) {
            int[] ip = PixelPlaneOps.rgb(image.image());
            r = new float[w * h];
            g = new float[w * h];
            b = new float[w * h];
            for (int i = 0; i < ip.length; i++) {
                r[i] = (ip[i] >> 16) & 255;
                g[i] = (ip[i] >> 8) & 255;
                b[i] = ip[i] & 255;
            }
        } else {
            // above the working size: the planes area-averaged to the grid, read band by band (the thumbnail is
            // compared with box means a few image pixels wide anyway)
            float[][] planes = PixelOps.rgbAreaMean(image.image(), grid);
            r = planes[0];
            g = planes[1];
            b = planes[2];
            w = grid.width();
            h = grid.height();
        }
        int dw = swapped ? th : tw;
        int dh = swapped ? tw : th;
        BufferedImage t = swapped ? io.omniiml.core.image.ImageLoader.orient(thumb, image.exifOrientation()) : thumb;
        float[] rr = PixelOps.resizeBilinear(PixelOps.boxMean(r, w, h, Math.max(0, w / dw / 2)), w, h, dw, dh);
        float[] gg = PixelOps.resizeBilinear(PixelOps.boxMean(g, w, h, Math.max(0, w / dw / 2)), w, h, dw, dh);
        float[] bb = PixelOps.resizeBilinear(PixelOps.boxMean(b, w, h, Math.max(0, w / dw / 2)), w, h, dw, dh);
        int[] tp = PixelPlaneOps.rgb(t);
        float[] diff = new float[dw * dh];
        double sum = 0;
        for (int i = 0; i < diff.length; i++) {
            diff[i] = (Math.abs(rr[i] - ((tp[i] >> 16) & 255)) + Math.abs(gg[i] - ((tp[i] >> 8) & 255))
                    + Math.abs(bb[i] - (tp[i] & 255))) / 3f;
            sum += diff[i];
        }
        float[] big = PixelOps.resizeBilinear(diff, dw, dh, w, h);
        for (int i = 0; i < big.length; i++) {
            measure[i] = big[i];
            score[i] = PixelOps.clamp01(big[i] / 48.0);
        }
        return sum / diff.length;
    }
}
