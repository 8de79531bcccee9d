package io.omniiml.synth.manip;

import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.synth.Split;
import io.omniiml.synth.TestData;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.source.DocumentRenderer;
import io.omniiml.synth.source.SourceImage;
import io.omniiml.synth.source.SourceKind;
import io.omniiml.synth.source.SourceLibrary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every manipulation, on every source kind it applies to: the mask is non-empty and in bounds, every pixel
 * that changed lies in the mask or in the stated tolerance band around it (feathered or anti-aliased
 * edges: weight < 0.5, at most {@link #BAND} px from the mask), and the mask really is changed content.
 */
class ManipulationExactnessTest {
    /** Tolerance band: 3 sigma of the largest feather (3.5 px) or render blur (1.3 px), rounded up. */
    static final int BAND = 11;
    static List<SourceImage> sources = new ArrayList<>();

    @BeforeAll
    static void load() {
        SourceLibrary lib = TestData.library();
        SplittableRandom rnd = new SplittableRandom(5);
        for (SourceKind kind : SourceKind.values()) {
            List<String> names = lib.names(kind, Split.TRAIN);
            for (int i = 0; i < 2; i++) {
                SourceImage full = lib.load(names.get(rnd.nextInt(names.size())), kind);
                int w = Math.min(384, full.width() / 8 * 8);
                int h = Math.min(384, full.height() / 8 * 8);
                SourceImage crop = full.crop(0, 0, w, h);
                if (kind == SourceKind.RENDERED_DOCUMENT) {
                    crop = DocumentRenderer.scan(crop, 3);
                }
                if (!crop.regions().isEmpty() || kind == SourceKind.NATURAL_PHOTO || kind == SourceKind.FACE_CROP) {
                    sources.add(crop);
                }
            }
        }
    }

    @Test
    void everyManipulationIsExactOnEverySourceKind() {
        SourceLibrary lib = TestData.library();
        int checked = 0;
        for (Manipulation m : Manipulations.all()) {
            int applied = 0;
            for (SourceImage src : sources) {
                if (!m.appliesTo(src)) {
                    continue;
                }
                for (long seed = 0; seed < 6 && applied < 3; seed++) {
                    Canvas canvas = new Canvas(src.width(), src.height(), src.pixels());
                    SplittableRandom rnd = new SplittableRandom(seed);
                    EditRecord r = m.apply(new EditContext(canvas, src, rnd, (rr, size) -> {
                        SourceImage d = lib.pick(m.task(), Split.TRAIN, rr);
                        SourceImage c = d.crop(0, 0, Math.min(size, d.width()), Math.min(size, d.height()));
                        return c.kind() == SourceKind.RENDERED_DOCUMENT ? DocumentRenderer.scan(c, 1) : c;
                    }));
                    if (r == null) {
                        continue;
                    }
                    applied++;
                    checked++;
                    assertEquals(m.type(), r.type());
                    checkExact(m.type() + " on " + src.name(), src.pixels(), canvas);
                }
            }
            assertTrue(applied > 0, m.type() + " never applied to any source kind");
        }
        assertTrue(checked >= Manipulations.all().size());
    }

    static void checkExact(String what, int[] before, Canvas canvas) {
        int[] after = canvas.pixels();
        Mask mask = canvas.mask();
        assertTrue(mask.count() > 0, what + ": empty mask");
        Mask band = MaskOps.dilate(mask, 2 * BAND + 1);
        long changedInMask = 0;
        for (int i = 0; i < after.length; i++) {
            boolean changed = after[i] != before[i];
            if (changed && mask.data()[i] == 0) {
                assertTrue(band.data()[i] != 0, what + ": pixel " + i % mask.width() + "," + i / mask.width()
                        + " changed but is far from the mask");
                assertTrue(canvas.weight(i % mask.width(), i / mask.width()) < Canvas.MASK_THRESHOLD, what);
            }
            if (changed && mask.data()[i] != 0) {
                changedInMask++;
            }
        }
        // Inpainted or pasted content can coincide with the original in flat areas, but not for most pixels.
        assertTrue(changedInMask >= 0.5 * mask.count(), what + ": only " + changedInMask + " of " + mask.count()
                + " mask pixels changed");
    }
}
