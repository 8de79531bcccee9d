package io.omniiml.core.mask;

import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.io.Npy;
import io.omniiml.core.io.NpyArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads .npy probability maps: shape (H, W), or with extra size-1 axes such as (1, H, W), (H, W, 1) or
 * (1, 1, H, W). Scaling: floats as stored; uint8 / 255; uint16 / 65535; bool and other integers as stored
 * (a 0/1 mask is a valid map). NaN is refused.
 */
final class NpyMaps {
    private NpyMaps() {
    }

    static ProbabilityMap read(Path file) throws ImageReadException {
        NpyArray array;
        try {
            array = Npy.read(file);
        } catch (IOException e) {
            throw new ImageReadException(file.toString(), "unreadable .npy (" + e.getMessage() + ")");
        }
        List<Integer> dims = new ArrayList<>(Arrays.stream(array.shape()).boxed().toList());
        while (dims.size() > 2 && dims.get(0) == 1) {
            dims.remove(0);
        }
        while (dims.size() > 2 && dims.get(dims.size() - 1) == 1) {
            dims.remove(dims.size() - 1);
        }
        if (dims.size() != 2 || dims.get(0) == 0 || dims.get(1) == 0) {
            throw new ImageReadException(file.toString(), "a probability map must have shape (H, W), got "
                    + Arrays.toString(array.shape()));
        }
        float[] values = array.toFloats();
        String type = array.dtype().substring(1);
        float divisor = type.equals("u1") ? 255f : type.equals("u2") ? 65535f : 1f;
        for (int i = 0; i < values.length; i++) {
            if (Float.isNaN(values[i])) {
                throw new ImageReadException(file.toString(), "the map contains NaN");
            }
            values[i] /= divisor;
        }
        return new ProbabilityMap(dims.get(1), dims.get(0), values);
    }
}
