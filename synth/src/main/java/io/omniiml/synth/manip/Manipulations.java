package io.omniiml.synth.manip;

import io.omniiml.core.data.Task;
import io.omniiml.synth.manip.document.EraseRetype;
import io.omniiml.synth.manip.document.TextReplace;
import io.omniiml.synth.manip.document.WordCopy;
import io.omniiml.synth.manip.face.FaceSwap;
import io.omniiml.synth.manip.natural.CopyMove;
import io.omniiml.synth.manip.natural.InpaintRemoval;
import io.omniiml.synth.manip.natural.LocalEdit;
import io.omniiml.synth.manip.natural.Splice;
import io.omniiml.synth.manip.scenetext.SceneTextErase;
import io.omniiml.synth.manip.scenetext.SceneTextReplace;

import java.util.ArrayList;
import java.util.List;

/** The registry of manipulation kinds per task. */
public final class Manipulations {
    private static final List<Manipulation> ALL = List.of(new Splice(), new CopyMove(), new InpaintRemoval(),
            new LocalEdit(), new TextReplace(), new EraseRetype(), new WordCopy(false), new WordCopy(true),
            new SceneTextReplace(), new SceneTextErase(), new FaceSwap(true), new FaceSwap(false));

    private Manipulations() {
    }

    public static List<Manipulation> all() {
        return ALL;
    }

    public static List<Manipulation> forTask(Task task) {
        List<Manipulation> out = new ArrayList<>();
        for (Manipulation m : ALL) {
            if (m.task() == task) {
                out.add(m);
            }
        }
        return out;
    }

    public static Manipulation byType(String type) {
        for (Manipulation m : ALL) {
            if (m.type().equals(type)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown manipulation '" + type + "'");
    }
}
