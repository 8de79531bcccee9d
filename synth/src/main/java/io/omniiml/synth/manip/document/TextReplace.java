package io.omniiml.synth.manip.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.ShapeOps;
import io.omniiml.synth.image.Stencil;
import io.omniiml.synth.manip.EditContext;
import io.omniiml.synth.manip.EditRecord;
import io.omniiml.synth.manip.Json;
import io.omniiml.synth.manip.Manipulation;
import io.omniiml.synth.manip.TextEditOps;
import io.omniiml.synth.source.SourceImage;
import io.omniiml.synth.source.SourceKind;
import io.omniiml.synth.text.FontLibrary;
import io.omniiml.synth.text.TextOps;
import io.omniiml.synth.text.TextRegion;
import io.omniiml.synth.text.TextRenderOps;

import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Replaces characters or a word of a document with re-rendered text in the matching font, size and colour:
 * the exact style for rendered documents, a monospaced font fitted to the measured ink for receipt scans.
 * The old text's area is erased by inpainting first, then the new text is written.
 */
public final class TextReplace implements Manipulation {
    @Override
    public String type() {
        return "text_replace";
    }

    @Override
    public Task task() {
        return Task.DOCUMENT;
    }

    @Override
    public boolean appliesTo(SourceImage source) {
        return (source.kind() == SourceKind.RENDERED_DOCUMENT || source.kind() == SourceKind.RECEIPT_SCAN)
                && !TextEditOps.editable(source.regions(), 1).isEmpty();
    }

    @Override
    public EditRecord apply(EditContext ctx) {
        SplittableRandom rnd = ctx.random();
        Canvas canvas = ctx.canvas();
        List<TextRegion> candidates = TextEditOps.editable(ctx.source().regions(), 1);
        TextRegion target = candidates.get(rnd.nextInt(candidates.size()));
        String old = target.text();
        boolean charMode = rnd.nextBoolean() || old.length() <= 2;
        int[] span = charMode ? charSpan(old, rnd) : wordSpan(old, rnd);
        if (span == null) {
            return null;
        }
        String oldPart = old.substring(span[0], span[1]);
        String newPart = charMode ? TextOps.alter(oldPart, rnd, 1)
                : (oldPart.chars().anyMatch(Character::isDigit) || !target.styled()
                ? TextOps.alter(oldPart, rnd, 1 + rnd.nextInt(2)) : TextOps.replaceWord(oldPart, rnd));
        String newText = old.substring(0, span[0]) + newPart + old.substring(span[1]);
        ObjectNode p = Json.object();
        double blur;
        String fontFile;
        float size;
        int colour;
        if (target.styled()) {
            fontFile = target.fontFile();
            size = target.fontSize();
            colour = target.color();
            Font font = FontLibrary.font(fontFile, size);
            double x = target.quad()[0];
            double top = target.quad()[1];
            double bottom = target.quad()[7];
            double baseline = bottom - font.getLineMetrics(old, new java.awt.font.FontRenderContext(null, true, true))
                    .getDescent();
            double x0 = x + TextRenderOps.advance(font, old.substring(0, span[0]));
            double x1 = x + TextRenderOps.advance(font, old.substring(0, span[1]));
            double x1new = x0 + TextRenderOps.advance(font, newPart);
            double right = Math.max(x1, x1new);
            Stencil hole = ShapeOps.quad(new double[]{x0, top, right, top, right, bottom, x0, bottom}, 1);
            blur = 0.3 + 0.5 * rnd.nextDouble();
            TextEditOps.erase(canvas, hole, rnd);
            TextEditOps.write(canvas, TextRenderOps.render(newPart, font, x0, baseline, blur), colour);
        } else {
            TextEditOps.Ink ink = TextEditOps.analyse(canvas.pixels(), canvas.width(), canvas.height(), target.quad());
            if (ink.inkBox() == null || ink.contrast() < 40) {
                return null;
            }
            // Receipts are printed in fixed pitch: character i sits at i / length of the ink's width.
            double n = old.length();
            var ib = ink.inkBox();
            double cw = ib.width() / n;
            double x0 = ib.x() + span[0] * cw;
            double x1 = ib.x() + span[1] * cw;
            double top = ib.y();
            double bottom = ib.y() + ib.height();
            fontFile = FontLibrary.MONO.get(rnd.nextInt(FontLibrary.MONO.size()));
            size = (float) (ib.height() * 1.3);
            colour = ink.ink();
            Font font = FontLibrary.font(fontFile, size);
            Stencil hole = ShapeOps.quad(new double[]{x0 - 1, top - 1, x1 + 1, top - 1, x1 + 1, bottom + 1, x0 - 1,
                    bottom + 1}, 1);
            blur = 0.4 + 0.5 * rnd.nextDouble();
            TextEditOps.erase(canvas, hole, rnd);
            // Fit the new characters' ink into the old characters' cells (cap-height aligned).
            var vis = TextRenderOps.inkBounds(font, newPart);
            double inkH = vis.getHeight();
            double capH = TextRenderOps.inkBounds(font, "H").getHeight();
            double scaleY = (bottom - top) / Math.max(capH, 1);
            double glyphTop = bottom + (vis.getMinY()) * scaleY;
            double glyphBottom = glyphTop + inkH * scaleY;
            double[] quad = {x0 + 0.5, glyphTop, x1 - 0.5, glyphTop, x1 - 0.5, glyphBottom, x0 + 0.5, glyphBottom};
            if (!newPart.isBlank()) {
                TextEditOps.write(canvas, TextRenderOps.renderIntoQuad(newPart, font, quad, blur), colour);
            }
            p.put("style", "estimated from the scan (fixed pitch)");
        }
        p.put("unit", charMode ? "character" : "word");
        p.put("font", fontFile);
        p.put("font_size_px", Json.round3(size));
        p.put("colour", Json.hex(colour));
        p.put("render_blur_sigma", Json.round3(blur));
        p.put("original_text", old);
        p.put("new_text", newText);
        ObjectNode content = Json.object();
        content.put("kind", "text");
        content.put("original_text", old);
        content.put("new_text", newText);
        content.put("original_part", oldPart);
        content.put("new_part", newPart);
        List<String> artifacts = new ArrayList<>();
        artifacts.add("background under the old " + (charMode ? "character" : "word")
                + " re-synthesized by inpainting (smoother paper texture than around it)");
        artifacts.add(String.format(Locale.ROOT, "re-rendered text in %s at %.1f px: glyph shapes and anti-aliasing "
                + "differ subtly from the printed neighbours", fontFile.substring(fontFile.indexOf('/') + 1), size));
        return new EditRecord(type(), p, content, "the text '" + old + "', " + TextEditOps.context(ctx.source().regions(),
                target), artifacts);
    }

    /** One letter or digit. */
    static int[] charSpan(String text, SplittableRandom rnd) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                idx.add(i);
            }
        }
        if (idx.isEmpty()) {
            return null;
        }
        int i = idx.get(rnd.nextInt(idx.size()));
        return new int[]{i, i + 1};
    }

    /** One space-separated word holding a letter or digit. */
    static int[] wordSpan(String text, SplittableRandom rnd) {
        List<int[]> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || text.charAt(i) == ' ';
            if (space && start >= 0) {
                if (text.substring(start, i).chars().anyMatch(Character::isLetterOrDigit)) {
                    words.add(new int[]{start, i});
                }
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return words.isEmpty() ? null : words.get(rnd.nextInt(words.size()));
    }
}
