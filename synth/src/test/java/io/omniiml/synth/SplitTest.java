package io.omniiml.synth;

import io.omniiml.synth.source.SourceKind;
import io.omniiml.synth.source.SourceLibrary;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitTest {
    @Test
    void sourceSplitsAreDisjointNonEmptyAndAboutEightyTenTen() {
        SourceLibrary lib = TestData.library();
        for (SourceKind kind : SourceKind.values()) {
            Set<String> seen = new HashSet<>();
            int total = 0;
            for (Split s : Split.values()) {
                List<String> names = lib.names(kind, s);
                for (String n : names) {
                    assertTrue(seen.add(n), n + " is in two splits");
                    assertEquals(s, Split.of(n));
                }
                total += names.size();
            }
            int train = lib.names(kind, Split.TRAIN).size();
            assertFalse(lib.names(kind, Split.VAL).isEmpty(), kind + " has no validation sources");
            assertFalse(lib.names(kind, Split.TEST).isEmpty(), kind + " has no test sources");
            assertTrue(train > 0.65 * total && train < 0.92 * total, kind + ": " + train + " of " + total + " in train");
        }
    }

    @Test
    void splitOfANameNeverChanges() {
        // Pinned values: a change here re-splits every dataset and must bump Split.VERSION.
        assertEquals(Split.VAL, Split.of("rendered-document-0"));
        assertEquals(Split.TRAIN, Split.of("rendered-document-1"));
        assertEquals(Split.VAL, Split.of("clean/opencv-doc/baboon.jpg"));
        int[] counts = new int[3];
        for (int i = 0; i < 10000; i++) {
            counts[Split.of("x" + i).ordinal()]++;
        }
        assertTrue(Math.abs(counts[0] - 8000) < 300 && Math.abs(counts[1] - 1000) < 200, java.util.Arrays.toString(counts));
    }
}
