package io.omniiml.pipeline;

import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OverlayOpsTest {
    @Test
    void colormapEndpointsMatchMatplotlib() {
        assertEquals(0x000004, OverlayOps.color(OverlayOps.Colormap.INFERNO, 0));   // inferno(0) = #000004
        assertEquals(0xFCFFA4, OverlayOps.color(OverlayOps.Colormap.INFERNO, 1));   // inferno(1) = #fcffa4
        assertEquals(0x000080, OverlayOps.color(OverlayOps.Colormap.JET, 0));       // jet(0) = dark blue
        assertEquals(0x800000, OverlayOps.color(OverlayOps.Colormap.JET, 1));       // jet(1) = dark red
        assertEquals(OverlayOps.color(OverlayOps.Colormap.JET, 1), OverlayOps.color(OverlayOps.Colormap.JET, 7));
        assertEquals(OverlayOps.color(OverlayOps.Colormap.JET, 0), OverlayOps.color(OverlayOps.Colormap.JET, Double.NaN));
    }

    @Test
    void overlayKeepsCleanPixelsAndTintsTamperedOnes() {
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 4; x++) {
            img.setRGB(x, 0, 0x336699);
            img.setRGB(x, 1, 0x336699);
        }
        float[] p = {0, 0, 1, 1, 0, 0, 1, 1};
        BufferedImage out = OverlayOps.overlay(img, new ProbabilityMap(4, 2, p), List.of(), 1.0, OverlayOps.Colormap.JET);
        assertEquals(0x336699, out.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x800000, out.getRGB(3, 1) & 0xFFFFFF);
        // half opacity: halfway between the pixel and the colour, per channel
        BufferedImage half = OverlayOps.overlay(img, new ProbabilityMap(4, 2, p), List.of(), 0.5, OverlayOps.Colormap.JET);
        int c = half.getRGB(2, 0);
        assertEquals(Math.round((0x33 + 0x80) / 2.0), c >> 16 & 255, 1);
        assertEquals(Math.round(0x66 / 2.0), c >> 8 & 255, 1);
    }

    @Test
    void boxesAreDrawnOnTheirEdges() {
        BufferedImage img = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        OverlayOps.drawBoxes(img, List.of(new Box(5, 5, 10, 10)));
        assertEquals(0, img.getRGB(10, 10) & 0xFFFFFF, "inside untouched");
        assertEquals(0x00E6FF, img.getRGB(5, 10) & 0xFFFFFF, "left edge drawn");
        assertEquals(0, img.getRGB(2, 2) & 0xFFFFFF);
    }

    @Test
    void maskAndProbabilityPngsRoundTrip() throws Exception {
        Mask mask = new Mask(3, 1, new byte[]{0, 1, 0});
        BufferedImage m = ImageIO.read(new ByteArrayInputStream(OverlayOps.png(OverlayOps.maskImage(mask))));
        assertEquals(0, m.getRaster().getSample(0, 0, 0));
        assertEquals(255, m.getRaster().getSample(1, 0, 0));
        BufferedImage p = OverlayOps.probabilityImage(new ProbabilityMap(2, 1, new float[]{0.5f, 1f}));
        assertEquals(128, p.getRaster().getSample(0, 0, 0));
        assertEquals(255, p.getRaster().getSample(1, 0, 0));
        BufferedImage t = OverlayOps.translucentHeatmap(new ProbabilityMap(2, 1, new float[]{0f, 1f}), OverlayOps.Colormap.INFERNO);
        assertEquals(0, t.getRGB(0, 0) >>> 24);
        assertEquals(255, t.getRGB(1, 0) >>> 24);
    }

    @Test
    void thumbnailBoundsTheLongerSide() {
        BufferedImage t = OverlayOps.thumbnail(new BufferedImage(1000, 500, BufferedImage.TYPE_INT_RGB), 256);
        assertEquals(256, t.getWidth());
        assertEquals(128, t.getHeight());
    }
}
