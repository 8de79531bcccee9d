package io.omniiml.synth.text;

import io.omniiml.synth.image.Stencil;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextRenderOpsTest {
    @Test
    void homographyMapsTheFourCorners() {
        double[] from = {0, 0, 100, 0, 100, 30, 0, 30};
        double[] to = {10, 5, 120, 20, 115, 60, 8, 40};
        double[] h = TextRenderOps.homography(from, to);
        for (int i = 0; i < 4; i++) {
            double x = from[2 * i];
            double y = from[2 * i + 1];
            double d = h[6] * x + h[7] * y + 1;
            assertEquals(to[2 * i], (h[0] * x + h[1] * y + h[2]) / d, 1e-6);
            assertEquals(to[2 * i + 1], (h[3] * x + h[4] * y + h[5]) / d, 1e-6);
        }
    }

    @Test
    void textWarpedIntoAQuadStaysInsideIt() {
        double[] quad = {20, 10, 140, 18, 138, 50, 22, 44};
        Stencil s = TextRenderOps.renderIntoQuad("EXIT", FontLibrary.font("dejavu/DejaVuSans.ttf", 40f), quad, 0);
        double ink = 0;
        double outside = 0;
        java.awt.geom.Path2D.Double p = new java.awt.geom.Path2D.Double();
        p.moveTo(quad[0], quad[1]);
        for (int i = 1; i < 4; i++) {
            p.lineTo(quad[2 * i], quad[2 * i + 1]);
        }
        p.closePath();
        for (int r = 0; r < s.height(); r++) {
            for (int c = 0; c < s.width(); c++) {
                float a = s.alpha()[r * s.width() + c];
                ink += a;
                if (!p.contains(s.x() + c + 0.5, s.y() + r + 0.5)) {
                    outside += a;
                }
            }
        }
        assertTrue(ink > 500, "text was drawn: " + ink);
        // Bilinear sampling smears the glyph edges by up to a pixel: a thin rim of weak coverage may leave the quad.
        assertTrue(outside < 0.05 * ink, "ink outside the quad: " + outside + " of " + ink);
    }
}
