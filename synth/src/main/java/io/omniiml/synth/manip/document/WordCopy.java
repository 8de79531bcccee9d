package io.omniiml.synth.manip.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.core.mask.Box;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.image.ShapeOps;
import io.omniiml.synth.manip.EditContext;
import io.omniiml.synth.manip.EditRecord;
import io.omniiml.synth.manip.Json;
import io.omniiml.synth.manip.Manipulation;
import io.omniiml.synth.manip.TextEditOps;
import io.omniiml.synth.source.SourceImage;
import io.omniiml.synth.source.SourceKind;
import io.omniiml.synth.text.TextRegion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Copies a word (or receipt text segment) over another one: from elsewhere in the same document
 * ("copy-move" of text) or, as a splice, from another document, scaled to the target's text height and
 * brightness-matched. The target word is erased first, then the copied pixels are pasted with a hard edge.
 */
public final class WordCopy implements Manipulation {
    private final boolean fromOtherDocument;

    public WordCopy(boolean fromOtherDocument) {
        this.fromOtherDocument = fromOtherDocument;
    }

    @Override
    public String type() {
        return fromOtherDocument ? "text_splice" : "text_copy_move";
    }

    @Override
    public Task task() {
        return Task.DOCUMENT;
    }

    @Override
    public boolean appliesTo(SourceImage source) {
        return (source.kind() == SourceKind.RENDERED_DOCUMENT || source.kind() == SourceKind.RECEIPT_SCAN)
                && TextEditOps.editable(source.regions(), 1).size() >= (fromOtherDocument ? 1 : 2);
    }

    @Override
    public EditRecord apply(EditContext ctx) {
        SplittableRandom rnd = ctx.random();
        Canvas canvas = ctx.canvas();
        List<TextRegion> mine = TextEditOps.editable(ctx.source().regions(), 1);
        TextRegion target = mine.get(rnd.nextInt(mine.size()));
        int[] from;
        int fromW;
        int fromH;
        TextRegion source;
        String donorName;
        if (fromOtherDocument) {
            SourceImage donor = ctx.donor(Math.max(canvas.width(), canvas.height()));
            List<TextRegion> theirs = TextEditOps.editable(donor.regions(), 1);
            if (theirs.isEmpty()) {
                return null;
            }
            source = theirs.get(rnd.nextInt(theirs.size()));
            from = donor.pixels();
            fromW = donor.width();
            fromH = donor.height();
            donorName = donor.name();
        } else {
            source = null;
            for (int attempt = 0; attempt < 20 && source == null; attempt++) {
                TextRegion s = mine.get(rnd.nextInt(mine.size()));
                double ratio = s.thickness() / target.thickness();
                if (s != target && !s.text().equals(target.text()) && ratio > 0.85 && ratio < 1.18) {
                    source = s;
                }
            }
            if (source == null) {
                return null;
            }
            from = canvas.pixels();
            fromW = canvas.width();
            fromH = canvas.height();
            donorName = null;
        }
        Box sb = source.bounds();
        Box tb = target.bounds();
        double scale = (double) tb.height() / Math.max(1, sb.height());
        int pw = Math.max(1, (int) Math.round(sb.width() * scale));
        int ph = tb.height();
        int x0 = tb.x();
        int y0 = tb.y();
        if (x0 + pw > canvas.width() - 1 || y0 + ph > canvas.height() - 1 || sb.maxX() > fromW || sb.maxY() > fromH
                || sb.x() < 0 || sb.y() < 0) {
            return null;
        }
        // Clear the old word wherever the new one does not cover it.
        int right = Math.max(tb.maxX(), x0 + pw);
        TextEditOps.erase(canvas, ShapeOps.quad(new double[]{tb.x(), tb.y(), right, tb.y(), right, tb.maxY(), tb.x(),
                tb.maxY()}, 1), rnd);
        // Match paper brightness: shift the copy by the difference of background levels.
        TextEditOps.Ink here = TextEditOps.analyse(canvas.pixels(), canvas.width(), canvas.height(), target.quad());
        TextEditOps.Ink there = TextEditOps.analyse(from, fromW, fromH, source.quad());
        int shift = fromOtherDocument ? (int) Math.round(RasterOps.luma(here.background())
                - RasterOps.luma(there.background())) : 0;
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                double sx = sb.x() + (x + 0.5) / scale - 0.5;
                double sy = sb.y() + (y + 0.5) / scale - 0.5;
                int p = RasterOps.sampleBilinear(from, fromW, fromH, sx, sy);
                if (shift != 0) {
                    p = RasterOps.rgb(((p >> 16) & 255) + shift, ((p >> 8) & 255) + shift, (p & 255) + shift);
                }
                canvas.set(x0 + x, y0 + y, p);
            }
        }
        String newText = source.text();
        ObjectNode p = Json.object();
        p.put("original_text", target.text());
        p.put("new_text", newText);
        p.set("target_box", Json.array(tb.x(), tb.y(), tb.width(), tb.height()));
        p.set("source_box", Json.array(sb.x(), sb.y(), sb.width(), sb.height()));
        p.put("scale", Json.round3(scale));
        p.put("brightness_shift", shift);
        if (donorName != null) {
            p.put("donor", donorName);
        }
        ObjectNode content = Json.object();
        content.put("kind", "text");
        content.put("original_text", target.text());
        content.put("new_text", newText);
        content.put("origin", fromOtherDocument ? "another document (" + donorName + ")" : "the same document");
        List<String> artifacts = new ArrayList<>();
        if (fromOtherDocument) {
            artifacts.add("text spliced from another document: print, scan noise and compression history differ");
        } else {
            artifacts.add(String.format(Locale.ROOT, "duplicated text: the same pixels appear at (%d, %d) in the document",
                    sb.x(), sb.y()));
        }
        if (Math.abs(scale - 1) > 0.02) {
            artifacts.add(String.format(Locale.ROOT, "resampled text (scaled %.2f)", scale));
        }
        artifacts.add("hard rectangular paste boundary; background under the old text re-synthesized by inpainting");
        return new EditRecord(type(), p, content, "the text '" + target.text() + "', "
                + TextEditOps.context(ctx.source().regions(), target), artifacts);
    }
}
