package io.omniiml.synth.manip;

import io.omniiml.core.data.Task;
import io.omniiml.synth.Split;
import io.omniiml.synth.TestData;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.source.NaturalSources;
import io.omniiml.synth.source.SegmentLibrary;
import io.omniiml.synth.source.SourceImage;
import io.omniiml.synth.source.SourceKind;
import io.omniiml.synth.source.SourceLibrary;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The natural edits with human segments, object and camera donors: exact masks on BSDS and camera hosts. */
class NaturalExactnessTest {
    @Test
    void segmentShapedEditsAreExactOnPhotoAndCameraHosts() {
        SourceLibrary lib = TestData.library();
        NaturalSources natural = new NaturalSources(lib, Split.TRAIN, new SegmentLibrary(lib.root()));
        SourceImage bsds = lib.load(natural.segmentedPhotos().get(3), SourceKind.NATURAL_PHOTO).crop(0, 0, 480, 320);
        SourceImage camera = lib.load(lib.names(SourceKind.CAMERA_PHOTO, Split.TRAIN).get(2), SourceKind.CAMERA_PHOTO)
                .crop(64, 48, 384, 384);
        for (Manipulation m : Manipulations.forTask(Task.NATURAL)) {
            int applied = 0;
            for (SourceImage host : new SourceImage[]{bsds, camera}) {
                for (long seed = 0; seed < 6; seed++) {
                    Canvas canvas = new Canvas(host.width(), host.height(), host.pixels());
                    EditRecord r = m.apply(new EditContext(canvas, host, new SplittableRandom(seed),
                            (rnd, size) -> null, natural));
                    if (r != null) {
                        applied++;
                        ManipulationExactnessTest.checkExact(m.type() + " seed " + seed + " on " + host.name(),
                                host.pixels(), canvas);
                    }
                }
            }
            assertTrue(applied >= 6, m.type() + " applied only " + applied + " times in 12");
        }
    }
}
