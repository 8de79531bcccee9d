package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.infer.Detection;
import io.omniiml.model.infer.Gate;
import io.omniiml.model.infer.NetworkDetector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 network (oneDNN kernels: AVX-512 or AVX2, whichever this CPU and ONEDNN_MAX_CPU_ISA give) against the
 * same network in float64, which PyTorch computes with its own reference kernels, not oneDNN's. CI runs this class
 * on both kernel paths, so agreement with the reference here means agreement between the paths.
 */
class KernelReferenceTest {
    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

    private static NDList inputs(NDManager m, int b, int h, int w, long seed) {
        Random rnd = new Random(seed);
        float[] rgb = new float[b * 3 * h * w];
        int[] dct = new int[b * h * w];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = rnd.nextFloat();
        }
        for (int i = 0; i < dct.length; i++) {
            dct[i] = (int) Math.round(rnd.nextGaussian() * 6);
        }
        float[] q = new float[b * 64];
        for (int i = 0; i < q.length; i++) {
            q[i] = 2 + rnd.nextInt(40);
        }
        return new NDList(m.create(rgb, new Shape(b, 3, h, w)), m.create(dct, new Shape(b, h, w)),
                m.create(q, new Shape(b, 64)), m.create(new int[b], new Shape(b)));
    }

    private static float[] floats(NDArray x) {
        return x.toType(DataType.FLOAT32, false).toFloatArray();
    }

    private static void assertClose(String what, float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Float.isFinite(actual[i]), what + ": non-finite value at " + i);
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= tolerance, what + ": max difference " + worst + " > " + tolerance);
    }

    @Test
    void batchedFloat32ForwardMatchesTheFloat64ReferenceSampleBySample() {
        OmniImlConfig tiny = OmniImlConfig.named("tiny");
        try (OmniImlModel single = OmniImlModel.untrained(tiny, 7);
             OmniImlModel reference = OmniImlModel.untrained(tiny, 7)) {
            reference.network().cast(DataType.FLOAT64);
            try (NDManager m = single.djlModel().getNDManager().newSubManager();
                 NDManager r = reference.djlModel().getNDManager().newSubManager()) {
                NDList batch = inputs(m, 3, 96, 64, 5);
                NetworkOutputs batched = NetworkOutputs.of(single.network().forward(new ParameterStore(m, false), batch,
                        false), 3, false);
                for (int i = 0; i < 3; i++) {
                    String index = i + ":" + (i + 1);
                    NDList one = new NDList(batch.get(0).get(index), batch.get(1).get(index), batch.get(2).get(index),
                            batch.get(3).get(index));
                    NDList oneRef = new NDList();
                    one.forEach(x -> oneRef.add(r.create(x.toByteBuffer(), x.getShape(), x.getDataType())));
                    NetworkOutputs ref = NetworkOutputs.of(reference.network().forward(new ParameterStore(r, false),
                            oneRef, false), 3, false);
                    String s = "sample " + i + " ";
                    assertClose(s + "mask logits", floats(ref.maskLogits()), floats(batched.maskLogits().get(index)), 1e-3);
                    assertClose(s + "gate logits", floats(ref.gateLogits()), floats(batched.gateLogits().get(index)), 1e-4);
                    assertClose(s + "aux rgb", floats(ref.auxRgb()), floats(batched.auxRgb().get(index)), 1e-4);
                    assertClose(s + "score", floats(ref.scoreLogit()), floats(batched.scoreLogit().get(index)), 1e-4);
                    for (int j = 0; j < 3; j++) {
                        assertClose(s + "mixing " + j, floats(ref.mixingWeights().get(j)),
                                floats(batched.mixingWeights().get(j).get(index)), 1e-5);
                    }
                }
            }
        }
    }

    /**
     * The bundled samples of every kind (a natural and a document synthetic sample, the dataset's splice, copy-move
     * and authentic photo), twice each (the faults were intermittent): same gate, probabilities within 1e-3. Not all
     * eleven: the float64 reference of the MobileNetV2 trunk runs on PyTorch's slow double-precision convolutions
     * (about a minute per 384 px image on a loaded 2-core machine).
     */
    @Test
    void shippedModelMatchesTheFloat64ReferenceOnTheBundledSamples() throws IOException {
        List<Path> images = new ArrayList<>();
        for (String dir : new String[] {"samples/dataset/Tp", "samples/dataset/Au"}) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(REPO.resolve(dir))) {
                s.forEach(images::add);
            }
        }
        images.add(REPO.resolve("samples/synth/Tp/natural-train-s8-000000006.jpg"));
        images.add(REPO.resolve("samples/synth/Tp/document-train-s8-000000001.jpg"));
        assertTrue(images.size() == 5 && images.stream().allMatch(Files::isRegularFile), "bundled samples: " + images);
        try (OmniImlModel model = OmniImlModel.load(REPO.resolve("models/default"));
             OmniImlModel reference = OmniImlModel.load(REPO.resolve("models/default"))) {
            reference.network().cast(DataType.FLOAT64);
            NetworkDetector detector = NetworkDetector.builder().setModel(model).optGate(Gate.AUTO).build();
            NetworkDetector referenceDetector = NetworkDetector.builder().setModel(reference).optGate(Gate.AUTO).build();
            for (Path image : images) {
                Detection expected = referenceDetector.detect(image);
                for (int repeat = 0; repeat < 2; repeat++) {
                    Detection d = detector.detect(image);
                    String what = image.getFileName() + " run " + repeat;
                    assertTrue(Double.isFinite(d.gateConfidence()), what + ": gate confidence " + d.gateConfidence());
                    assertEquals(expected.gate(), d.gate(), what);
                    assertEquals(expected.gateConfidence(), d.gateConfidence(), 1e-4, what);
                    assertClose(what + " probability", expected.probability().values(), d.probability().values(), 1e-3);
                    assertEquals(expected.score(), d.score(), 1e-4, what);
                }
            }
        }
    }
}
