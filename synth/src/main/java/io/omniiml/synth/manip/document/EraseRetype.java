package io.omniiml.synth.manip.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.core.mask.Box;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.ShapeOps;
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
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Erase and retype: a whole text element (word, amount, date, receipt line) is erased and typed anew with
 * changed content, in the font the forger guessed: the same family for rendered documents half of the time,
 * else another font of similar look, sized to the measured ink height.
 */
public final class EraseRetype implements Manipulation {
    @Override
    public String type() {
        return "erase_retype";
    }

    @Override
    public Task task() {
        return Task.DOCUMENT;
    }

    @Override
    public boolean appliesTo(SourceImage source) {
        return (source.kind() == SourceKind.RENDERED_DOCUMENT || source.kind() == SourceKind.RECEIPT_SCAN)
                && !TextEditOps.editable(source.regions(), 2).isEmpty();
    }

    @Override
    public EditRecord apply(EditContext ctx) {
        SplittableRandom rnd = ctx.random();
        Canvas canvas = ctx.canvas();
        List<TextRegion> candidates = TextEditOps.editable(ctx.source().regions(), 2);
        TextRegion target = candidates.get(rnd.nextInt(candidates.size()));
        TextEditOps.Ink ink = TextEditOps.analyse(canvas.pixels(), canvas.width(), canvas.height(), target.quad());
        if (ink.inkBox() == null || ink.contrast() < 40) {
            return null;
        }
        String old = target.text();
        String text = old.chars().anyMatch(Character::isDigit) ? TextOps.alter(old, rnd, 1 + rnd.nextInt(3))
                : old.contains(" ") ? TextOps.alter(old, rnd, 2 + rnd.nextInt(3)) : TextOps.replaceWord(old, rnd);
        boolean sameFont = target.styled() && rnd.nextBoolean();
        String fontFile = sameFont ? target.fontFile() : target.styled()
                ? FontLibrary.SANS.get(rnd.nextInt(FontLibrary.SANS.size()))
                : FontLibrary.MONO.get(rnd.nextInt(FontLibrary.MONO.size()));
        Box ib = ink.inkBox();
        // Size so that capital letters are as tall as the measured ink of the old text.
        Font probe = FontLibrary.font(fontFile, 100f);
        double capPer100 = TextRenderOps.inkBounds(probe, "H").getHeight();
        boolean hasTall = old.chars().anyMatch(ch -> Character.isUpperCase(ch) || Character.isDigit(ch)
                || "bdfhklt".indexOf(ch) >= 0);
        double inkTop = ib.y();
        double capHeight = hasTall ? ib.height() : ib.height() * 1.4;
        if (old.chars().anyMatch(ch -> "gjpqy,()".indexOf(ch) >= 0)) {
            capHeight = ib.height() / 1.3;
        }
        float size = sameFont ? target.fontSize() : (float) Math.max(6, 100 * capHeight / capPer100);
        Font font = FontLibrary.font(fontFile, size);
        double baseline = inkTop + TextRenderOps.inkBounds(font, "H").getHeight();
        double x = ib.x() - TextRenderOps.inkBounds(font, text).getMinX();
        double newRight = x + TextRenderOps.advance(font, text);
        if (newRight > canvas.width() - 2) {
            return null;
        }
        Box tb = target.bounds();
        double right = Math.max(tb.maxX(), newRight + 1);
        TextEditOps.erase(canvas, ShapeOps.quad(new double[]{tb.x(), tb.y(), right, tb.y(), right, tb.maxY(), tb.x(),
                tb.maxY()}, 1), rnd);
        double blur = 0.3 + 0.6 * rnd.nextDouble();
        int colour = target.styled() && rnd.nextBoolean() ? target.color() : ink.ink();
        TextEditOps.write(canvas, TextRenderOps.render(text, font, x, baseline, blur), colour);
        ObjectNode p = Json.object();
        p.put("original_text", old);
        p.put("new_text", text);
        p.put("font", fontFile);
        p.put("font_matches_original", sameFont || fontFile.equals(target.fontFile()));
        p.put("font_size_px", Json.round3(size));
        p.put("colour", Json.hex(colour));
        p.put("render_blur_sigma", Json.round3(blur));
        ObjectNode content = Json.object();
        content.put("kind", "text");
        content.put("original_text", old);
        content.put("new_text", text);
        return new EditRecord(type(), p, content, "the text '" + old + "', " + TextEditOps.context(
                ctx.source().regions(), target), List.of(
                "whole text element erased (inpainted background) and retyped",
                String.format(Locale.ROOT, "retyped in %s at %.1f px%s", fontFile.substring(fontFile.indexOf('/') + 1),
                        size, sameFont || fontFile.equals(target.fontFile()) ? ""
                                : ": font differs from the surrounding print")));
    }
}
