package io.omniiml.synth.source;

import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.text.TextRegion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentRendererTest {
    @Test
    void everyWordBoxHoldsInkAndLiesOnThePage() {
        for (int id = 0; id < 6; id++) {
            SourceImage page = DocumentRenderer.render("rendered-document-" + id);
            assertTrue(page.regions().size() > 15, "page " + id + " has " + page.regions().size() + " words");
            int[] px = page.pixels();
            for (TextRegion t : page.regions()) {
                var b = t.bounds();
                assertTrue(b.x() >= 0 && b.y() >= 0 && b.maxX() <= page.width() && b.maxY() <= page.height(), t.text());
                assertTrue(t.styled() && !t.text().isBlank());
                double darkest = 255;
                for (int y = b.y(); y < b.maxY(); y++) {
                    for (int x = b.x(); x < b.maxX(); x++) {
                        darkest = Math.min(darkest, RasterOps.luma(px[y * page.width() + x]));
                    }
                }
                assertTrue(darkest < 150, "no ink in the box of '" + t.text() + "'");
            }
        }
    }

    @Test
    void renderingIsAFunctionOfTheId() {
        assertArrayEquals(DocumentRenderer.render("rendered-document-7").pixels(),
                DocumentRenderer.render("rendered-document-7").pixels());
    }
}
