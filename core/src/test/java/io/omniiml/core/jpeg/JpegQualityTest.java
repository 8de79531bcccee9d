package io.omniiml.core.jpeg;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegQualityTest {
    @Test
    void scalingFollowsIjg() {
        assertEquals(100, JpegQuality.scaleFactor(50));
        assertEquals(50, JpegQuality.scaleFactor(75));
        assertEquals(5000, JpegQuality.scaleFactor(1));
        assertEquals(500, JpegQuality.scaleFactor(10));
        // hand-computed: quality 75 halves the table, (16*50+50)/100 = 8, (11*50+50)/100 = 6
        int[] t = JpegQuality.scaledTable(JpegQuality.STD_LUMINANCE, 75, true);
        assertEquals(8, t[0]);
        assertEquals(6, t[1]);
        assertEquals(1, JpegQuality.scaledTable(JpegQuality.STD_LUMINANCE, 100, true)[63]);
        // quality 10: 121 * 5 = 605 is kept without forceBaseline, clamped to 255 with it
        assertEquals(605, JpegQuality.scaledTable(JpegQuality.STD_LUMINANCE, 10, false)[53]);
        assertEquals(255, JpegQuality.scaledTable(JpegQuality.STD_LUMINANCE, 10, true)[53]);
    }

    @Test
    void everyStandardQualityIsRecognizedExactly() {
        for (int q = 1; q <= 100; q++) {
            for (boolean clamp : new boolean[]{true, false}) {
                int[] table = JpegQuality.scaledTable(JpegQuality.STD_CHROMINANCE, q, clamp);
                JpegQuality.Estimate e = JpegQuality.estimate(table, false);
                assertTrue(e.standard());
                if (clamp && q <= 3) {
                    // every chrominance entry clamps to 255 at qualities 1..3: the tables are identical
                    assertEquals(3, e.quality());
                } else {
                    assertEquals(q, e.quality());
                }
                assertEquals(q, JpegQuality.estimate(JpegQuality.scaledTable(JpegQuality.STD_LUMINANCE, q, clamp), true)
                        .quality());
            }
        }
    }

    @Test
    void nonStandardTableGetsClosestQualityAndIsFlagged() {
        int[] table = JpegQuality.scaledTable(JpegQuality.STD_LUMINANCE, 80, true);
        table[5] += 3;
        JpegQuality.Estimate e = JpegQuality.estimate(table, true);
        assertEquals(80, e.quality());
        assertFalse(e.standard());
        assertEquals(3.0 / 64, e.meanAbsError(), 1e-12);
    }

    @Test
    void summaryAssignsLuminanceToFirstComponentSlot() throws Exception {
        JpegCoefficients c = JpegCoefficientReader.read(JpegEncoding.encode(JpegEncodingTest.picture(16, 16), 65), "x");
        List<JpegQuality.TableSummary> s = JpegQuality.summarize(c);
        assertEquals(2, s.size());
        assertTrue(s.get(0).estimate().luminance());
        assertEquals(List.of(0), s.get(0).componentIndexes());
        assertEquals(List.of(1, 2), s.get(1).componentIndexes());
        assertEquals(65, s.get(1).estimate().quality());
    }
}
