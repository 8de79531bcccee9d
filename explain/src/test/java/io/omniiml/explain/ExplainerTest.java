package io.omniiml.explain;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.analysers.testing.TestImages;
import io.omniiml.core.data.Task;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMapOps;
import io.omniiml.explain.text.TextReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplainerTest {
    private static final TextReader OCR = TextReader.create();

    /** A white page with two lines of text; returns the box of {@code target} on the first line. */
    static Box document(BufferedImage page, String line1, String target, String line2) {
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, page.getWidth(), page.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 28));
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(line1, 40, 80);
        g.drawString(line2, 40, 140);
        int x = 40 + fm.stringWidth(line1.substring(0, line1.indexOf(target)));
        g.dispose();
        return new Box(x - 2, 80 - fm.getAscent(), fm.stringWidth(target) + 4, fm.getAscent() + fm.getDescent());
    }

    @Test
    void readsTheTamperedTextAndItsNeighbours() {
        Assumptions.assumeTrue(OCR.available(), OCR.unavailableReason());
        BufferedImage page = new BufferedImage(640, 200, BufferedImage.TYPE_INT_RGB);
        Box box = document(page, "Invoice number 4711 total", "4711", "Payment due within thirty days");
        LoadedImage img = TestImages.loadPng(page, "invoice.png");
        Mask mask = TestImages.rectMask(640, 200, box.x(), box.y(), box.width(), box.height());
        Explanation e = Explainer.builder().build().explain(img, ProbabilityMapOps.of(mask), Task.DOCUMENT,
                List.of(new RegionHint(box, "4217")));
        Explanation.Region r = e.regions().get(0);
        assertEquals("4711", r.text().recognized(), r.toString());
        assertEquals("4217", r.text().original());
        assertTrue(r.explanation().content().startsWith("the text \"4711\""), r.explanation().content());
        assertTrue(r.explanation().content().contains("the original text was \"4217\""));
        assertTrue(r.explanation().relativePosition().contains("right of \"Invoice number\""), r.explanation().relativePosition());
        assertTrue(r.explanation().relativePosition().contains("left of \"total\""), r.explanation().relativePosition());
        assertTrue(r.explanation().relativePosition().contains("above the line \"Payment due within thirty days\""),
                r.explanation().relativePosition());
        assertTrue(r.explanation().absolutePosition().startsWith("centre of the image"), r.explanation().absolutePosition());
    }

    @Test
    void withoutTesseractTheOutputSaysSo() {
        TextReader missing = TextReader.create(Path.of("/nonexistent-tessdata"), "eng");
        BufferedImage page = new BufferedImage(320, 120, BufferedImage.TYPE_INT_RGB);
        Box box = document(page, "Total 99", "99", "");
        Explanation e = Explainer.builder().optTextReader(missing).build().explain(TestImages.loadPng(page, "p.png"),
                TestImages.rectMask(320, 120, box.x(), box.y(), box.width(), box.height()), Task.DOCUMENT);
        assertTrue(e.image().ocr().startsWith("OCR unavailable"), e.image().ocr());
        assertTrue(e.regions().get(0).explanation().content().startsWith("OCR unavailable"), e.regions().get(0).explanation().content());
    }

    @Test
    void aCopiedPatchIsExplainedAsACopyOfItsSourceWithPositionWords() throws Exception {
        BufferedImage img = TestImages.texture(320, 240, 31);
        TestImages.paste(img, 30, 40, 70, 60, img, 200, 150);
        LoadedImage li = TestImages.loadPng(img, "clone.png");
        Mask mask = TestImages.rectMask(320, 240, 200, 150, 70, 60);
        Explainer explainer = Explainer.builder().optTextReader(TextReader.disabled("off")).build();
        Explanation e = explainer.explain(li, mask, Task.NATURAL);
        Explanation.Region r = e.regions().get(0);
        assertEquals("lower right", r.explanation().absolutePosition().substring(0, "lower right".length()));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("matches the region at \\((\\d+), (\\d+)\\)").matcher(r.explanation().artifacts());
        assertTrue(m.find(), r.explanation().artifacts());
        // the copy-move verification trims up to a few pixels off a clone's edges (gray-level bar; docs/explain.md)
        assertEquals(30, Integer.parseInt(m.group(1)), 6);
        assertEquals(40, Integer.parseInt(m.group(2)), 6);
        assertTrue(r.explanation().artifacts().contains("a copy"), r.explanation().artifacts());
        assertTrue(r.explanation().relativePosition().contains("below and right of the image centre"), r.explanation().relativePosition());
        assertNull(r.text());
        assertTrue(r.explanation().content().startsWith("a 70x60 px region (5.5% of the image), rectangular"), r.explanation().content());
        // Determinism and schema: the same input gives byte-identical JSON with the documented fields.
        String json = ExplanationWriter.json(e);
        assertEquals(json, ExplanationWriter.json(explainer.explain(li, mask, Task.NATURAL)));
        JsonNode root = ExplanationWriter.mapper().readTree(json);
        assertEquals(Explanation.SCHEMA, root.get("schema").asText());
        JsonNode fields = root.get("regions").get(0).get("explanation");
        for (String f : List.of("content", "absolute_position", "relative_position", "artifacts")) {
            assertTrue(fields.get(f).isTextual(), f);
        }
        assertEquals(List.of(200, 150, 70, 60), r.box());
        assertTrue(ExplanationWriter.text(e).contains("Region 1: A 70x60 px region"));
    }
}
