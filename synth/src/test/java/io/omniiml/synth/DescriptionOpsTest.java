package io.omniiml.synth;

import io.omniiml.core.mask.Box;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DescriptionOpsTest {
    @Test
    void positionWordsUseThirdsOfTheImage() {
        assertEquals("upper left", DescriptionOps.positionWords(new Box(0, 0, 10, 10), 300, 300));
        assertEquals("centre", DescriptionOps.positionWords(new Box(140, 140, 20, 20), 300, 300));
        assertEquals("lower right", DescriptionOps.positionWords(new Box(250, 260, 40, 30), 300, 300));
        assertEquals("middle left", DescriptionOps.positionWords(new Box(0, 120, 50, 60), 300, 300));
    }

    @Test
    void unionSpansAllBoxes() {
        assertEquals(new Box(2, 3, 18, 27), DescriptionOps.union(List.of(new Box(2, 10, 5, 5), new Box(10, 3, 10, 27))));
    }
}
