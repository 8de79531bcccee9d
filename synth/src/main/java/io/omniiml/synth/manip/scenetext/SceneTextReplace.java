package io.omniiml.synth.manip.scenetext;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
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

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Replaces or alters a word inside its ICDAR quadrilateral: the word is erased by inpainting, and new text
 * in the measured ink colour is rendered and warped into the same quadrilateral (its perspective), with a
 * blur matching the photo's softness.
 */
public final class SceneTextReplace implements Manipulation {
    @Override
    public String type() {
        return "scene_text_replace";
    }

    @Override
    public Task task() {
        return Task.SCENE_TEXT;
    }

    @Override
    public boolean appliesTo(SourceImage source) {
        return source.kind() == SourceKind.SCENE_TEXT_PHOTO && !TextEditOps.editable(source.regions(), 2).isEmpty();
    }

    @Override
    public EditRecord apply(EditContext ctx) {
        SplittableRandom rnd = ctx.random();
        Canvas canvas = ctx.canvas();
        List<TextRegion> candidates = TextEditOps.editable(ctx.source().regions(), 2);
        TextRegion target = candidates.get(rnd.nextInt(candidates.size()));
        TextEditOps.Ink ink = TextEditOps.analyse(canvas.pixels(), canvas.width(), canvas.height(), target.quad());
        if (ink.contrast() < 25) {
            return null;
        }
        String old = target.text();
        boolean alter = rnd.nextBoolean();
        String text = alter ? TextOps.alter(old, rnd, 1 + rnd.nextInt(2))
                : (old.chars().allMatch(Character::isLetter) ? TextOps.replaceWord(old, rnd) : TextOps.alter(old, rnd, 2));
        String fontFile = rnd.nextBoolean() ? "liberation/LiberationSans-Bold.ttf"
                : FontLibrary.SANS.get(rnd.nextInt(FontLibrary.SANS.size()));
        float size = (float) Math.max(8, target.thickness());
        double blur = 0.5 + 0.8 * rnd.nextDouble();
        double[] quad = target.quad();
        TextEditOps.erase(canvas, ShapeOps.quad(quad, 2), rnd);
        // Keep the letters inside the quad with a small margin, as the annotated word boxes are loose.
        double[] inner = shrink(quad, 0.06, 0.16);
        TextEditOps.write(canvas, TextRenderOps.renderIntoQuad(text, FontLibrary.font(fontFile, size), inner, blur),
                ink.ink());
        ObjectNode p = Json.object();
        p.put("mode", alter ? "alter_characters" : "replace_word");
        p.put("original_text", old);
        p.put("new_text", text);
        p.put("font", fontFile);
        p.put("colour", Json.hex(ink.ink()));
        p.put("render_blur_sigma", Json.round3(blur));
        p.set("quad", Json.array(quad));
        ObjectNode content = Json.object();
        content.put("kind", "text");
        content.put("original_text", old);
        content.put("new_text", text);
        return new EditRecord(type(), p, content, "the word '" + old + "' in the scene, "
                + TextEditOps.context(ctx.source().regions(), target), List.of(
                "word area erased by inpainting (smooth, low-detail background behind the letters)",
                String.format(Locale.ROOT, "rendered letters warped into the word's perspective, ink colour %s, "
                        + "blurred (sigma %.1f) to match the photo", Json.hex(ink.ink()), blur)));
    }

    /** The quad pulled inwards by fractions of its length (along) and thickness (across). */
    static double[] shrink(double[] q, double along, double across) {
        double[] out = new double[8];
        double cx = (q[0] + q[2] + q[4] + q[6]) / 4;
        double cy = (q[1] + q[3] + q[5] + q[7]) / 4;
        // Move each corner toward the centre: a uniform inward pull keeps the perspective.
        double k = (along + across) / 2;
        for (int i = 0; i < 4; i++) {
            out[2 * i] = q[2 * i] + (cx - q[2 * i]) * k;
            out[2 * i + 1] = q[2 * i + 1] + (cy - q[2 * i + 1]) * k;
        }
        return out;
    }
}
