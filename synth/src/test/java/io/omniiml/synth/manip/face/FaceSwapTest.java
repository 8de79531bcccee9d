package io.omniiml.synth.manip.face;

import io.omniiml.synth.Split;
import io.omniiml.synth.TestData;
import io.omniiml.synth.source.SourceImage;
import io.omniiml.synth.source.SourceKind;
import io.omniiml.synth.source.SourceLibrary;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class FaceSwapTest {
    @Test
    void alignmentRecoversAKnownShiftOfTheSameFace() {
        SourceLibrary lib = TestData.library();
        SourceImage face = lib.load(lib.names(SourceKind.FACE_CROP, Split.TRAIN).get(3), SourceKind.FACE_CROP);
        int w = face.width();
        int h = face.height();
        int[] moved = FaceSwap.shifted(face.pixels(), w, h, 6, -4);
        boolean[] inside = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                inside[y * w + x] = Math.pow((x - 100) / 55.0, 2) + Math.pow((y - 95) / 65.0, 2) < 1;
            }
        }
        // The donor is the face moved by (6, -4): moving it back by (-6, 4) matches the target.
        assertArrayEquals(new int[]{-6, 4}, FaceSwap.bestShift(face.pixels(), moved, inside, w, h, 12));
    }
}
