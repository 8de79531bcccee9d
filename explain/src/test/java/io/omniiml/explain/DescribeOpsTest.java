package io.omniiml.explain;

import io.omniiml.core.mask.Box;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DescribeOpsTest {
    @Test
    void positionWordsFollowTheThirds() {
        assertEquals("upper left", DescribeOps.positionWords(new Box(0, 0, 10, 10), 300, 300));
        assertEquals("centre", DescribeOps.positionWords(new Box(140, 140, 20, 20), 300, 300));
        assertEquals("lower right", DescribeOps.positionWords(new Box(250, 250, 40, 40), 300, 300));
        assertEquals("upper centre", DescribeOps.positionWords(new Box(140, 0, 20, 20), 300, 300));
        assertEquals("middle left", DescribeOps.positionWords(new Box(0, 140, 20, 20), 300, 300));
    }

    @Test
    void colourNames() {
        assertEquals("red", DescribeOps.colourName(200, 30, 30));
        assertEquals("white", DescribeOps.colourName(250, 250, 250));
        assertEquals("black", DescribeOps.colourName(5, 5, 5));
        assertEquals("dark green", DescribeOps.colourName(20, 80, 20));
        assertEquals("blue", DescribeOps.colourName(40, 60, 200));
    }

    @Test
    void ratioWordsAndRelations() {
        assertEquals("2.3x lower than", DescribeOps.ratioWords(1, 2.3));
        assertEquals("similar to", DescribeOps.ratioWords(1, 1.1));
        assertEquals("left of", DescribeOps.relation(new Box(0, 0, 10, 10), new Box(100, 0, 10, 10)));
        assertEquals("below and right of", DescribeOps.relation(new Box(100, 100, 10, 10), new Box(0, 0, 10, 10)));
        assertEquals("rectangular, elongated horizontally", DescribeOps.shapeWords(new Box(0, 0, 100, 20), 2000));
    }
}
