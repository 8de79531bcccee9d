package io.omniiml.synth.source;

import io.omniiml.synth.Split;
import io.omniiml.synth.image.Stencil;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What natural edits draw on besides the host, all from ONE split: human segments (object shapes), segmented
 * BSDS photos, ImageNet object photos and camera photos. Null in an edit context means "random shapes and
 * generic donors" (permissive-only generation, which must not depend on research-use annotations).
 */
public final class NaturalSources {
    private final SourceLibrary library;
    private final Split split;
    private final SegmentLibrary segments;
    private List<String> segmentedPhotos;

    public NaturalSources(SourceLibrary library, Split split, SegmentLibrary segments) {
        this.library = library;
        this.split = split;
        this.segments = segments;
    }

    public Split split() {
        return split;
    }

    /** The split's BSDS photos that have segment maps, sorted (stable). */
    public synchronized List<String> segmentedPhotos() {
        if (segmentedPhotos == null) {
            List<String> out = new ArrayList<>();
            for (String n : library.names(SourceKind.NATURAL_PHOTO, split)) {
                if (segments.covers(n)) {
                    out.add(n);
                }
            }
            segmentedPhotos = List.copyOf(out);
        }
        return segmentedPhotos;
    }

    public boolean hasSegments() {
        return !segmentedPhotos().isEmpty();
    }

    /** A human segment of some photo of the split (a real object's outline), or null when there are none. */
    public SegmentLibrary.Segment randomSegment(SplittableRandom rnd) {
        List<String> photos = segmentedPhotos();
        for (int attempt = 0; attempt < 10 && !photos.isEmpty(); attempt++) {
            List<SegmentLibrary.Segment> list = segments.segmentsOf(photos.get(rnd.nextInt(photos.size())));
            if (!list.isEmpty()) {
                return list.get(rnd.nextInt(list.size()));
            }
        }
        return null;
    }

    /** The segments of the photo a crop comes from that lie wholly inside the crop, in crop coordinates. */
    public List<SegmentLibrary.Segment> segmentsIn(SourceImage crop) {
        if (crop.kind() != SourceKind.NATURAL_PHOTO || !segments.covers(crop.name())) {
            return List.of();
        }
        List<SegmentLibrary.Segment> out = new ArrayList<>();
        for (SegmentLibrary.Segment s : segments.segmentsOf(crop.name())) {
            Stencil sh = s.shape();
            int x = sh.x() - crop.originX();
            int y = sh.y() - crop.originY();
            if (x >= 1 && y >= 1 && x + sh.width() < crop.width() && y + sh.height() < crop.height()) {
                out.add(new SegmentLibrary.Segment(s.map(), s.label(), sh.moveTo(x, y), s.area()));
            }
        }
        return out;
    }

    /** A whole segmented BSDS photo of the split other than {@code exclude}, or null. */
    public SourceImage segmentedPhoto(SplittableRandom rnd, String exclude) {
        List<String> photos = segmentedPhotos();
        for (int attempt = 0; attempt < 5 && !photos.isEmpty(); attempt++) {
            String n = photos.get(rnd.nextInt(photos.size()));
            if (!n.equals(exclude)) {
                return library.load(n, SourceKind.NATURAL_PHOTO);
            }
        }
        return null;
    }

    /** A whole photo of the kind (OBJECT_PHOTO, CAMERA_PHOTO) in the split other than {@code exclude}, or null. */
    public SourceImage photo(SourceKind kind, SplittableRandom rnd, String exclude) {
        for (int attempt = 0; attempt < 5; attempt++) {
            SourceImage s = library.pick(kind, split, rnd);
            if (s == null || !s.name().equals(exclude)) {
                return s;
            }
        }
        return null;
    }
}
