package io.omniiml.synth.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CanvasTest {
    @Test
    void blendMixesColoursAndTheMaskIsWeightAtLeastHalf() {
        Canvas c = new Canvas(3, 1, new int[]{0x000000, 0x000000, 0x000000});
        c.blend(0, 0, 0xC86432, 1f);
        c.blend(1, 0, 0xC86432, 0.5f);
        c.blend(2, 0, 0xC86432, 0.49f);
        c.blend(5, 5, 0xFFFFFF, 1f); // outside: ignored
        assertEquals(0xC86432, c.get(0, 0));
        assertEquals(RasterOps.rgb(100, 50, 25), c.get(1, 0));
        assertEquals(RasterOps.rgb(98, 49, 25), c.get(2, 0));
        assertEquals(1, c.mask().data()[0]);
        assertEquals(1, c.mask().data()[1]);
        assertEquals(0, c.mask().data()[2]);
        assertEquals(0.49f, c.weight(2, 0));
    }
}
