package io.omniiml.synth.manip.scenetext;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.InpaintOps;
import io.omniiml.synth.image.ShapeOps;
import io.omniiml.synth.image.Stencil;
import io.omniiml.synth.manip.EditContext;
import io.omniiml.synth.manip.EditRecord;
import io.omniiml.synth.manip.Json;
import io.omniiml.synth.manip.ManipOps;
import io.omniiml.synth.manip.Manipulation;
import io.omniiml.synth.manip.TextEditOps;
import io.omniiml.synth.source.SourceImage;
import io.omniiml.synth.source.SourceKind;
import io.omniiml.synth.text.TextRegion;

import java.util.List;
import java.util.SplittableRandom;

/** Removes a word from a scene by inpainting its quadrilateral (grown by 2 px): diffusion or exemplar fill. */
public final class SceneTextErase implements Manipulation {
    @Override
    public String type() {
        return "scene_text_erase";
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
        Stencil hole = ShapeOps.quad(target.quad(), 2).clip(canvas.width(), canvas.height());
        String method = "diffusion";
        if (rnd.nextInt(3) == 0) {
            int[] offset = new int[2];
            boolean[] sel = ManipOps.select(hole, canvas.width(), canvas.height(), 0.5f);
            int[] filled = InpaintOps.exemplar(canvas.pixels(), sel, canvas.width(), canvas.height(), rnd, 32, offset);
            if (filled != null) {
                method = "exemplar";
                ManipOps.paint(canvas, hole, filled);
            }
        }
        if (method.equals("diffusion")) {
            TextEditOps.erase(canvas, hole, rnd);
        }
        ObjectNode p = Json.object();
        p.put("original_text", target.text());
        p.put("method", method);
        p.set("quad", Json.array(target.quad()));
        ObjectNode content = Json.object();
        content.put("kind", "text");
        content.put("original_text", target.text());
        content.put("new_text", "");
        return new EditRecord(type(), p, content, "where the word '" + target.text() + "' was, "
                + TextEditOps.context(ctx.source().regions(), target), List.of(method.equals("exemplar")
                ? "removed text: area filled with texture copied from nearby (duplicated texture), seamless boundary"
                : "removed text: area filled by diffusion with synthetic grain (smooth patch on the sign)"));
    }
}
