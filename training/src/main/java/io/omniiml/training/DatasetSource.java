package io.omniiml.training;

import io.omniiml.core.data.Dataset;
import io.omniiml.core.data.Datasets;
import io.omniiml.core.data.Sample;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;

import java.io.IOException;
import java.nio.file.Path;

/** A real labelled dataset (any layout {@link Datasets} opens): {@code get(i)} is sample i modulo its size. */
public final class DatasetSource implements ExampleSource {
    private final Dataset dataset;

    public DatasetSource(Path path) throws IOException {
        this.dataset = Datasets.open(path);
        if (dataset.samples().isEmpty()) {
            throw new IOException(path + ": dataset has no usable samples (" + dataset.problems().size() + " problems)");
        }
    }

    public int size() {
        return dataset.samples().size();
    }

    @Override
    public LabelledImage get(long index) throws IOException {
        Sample s = dataset.samples().get((int) Math.floorMod(index, (long) size()));
        LoadedImage img = ImageLoader.DEFAULT.load(s.image());
        // coefficients belong to the stored raster: an EXIF-rotated JPEG is treated as pixels only (re-encoded)
        byte[] jpeg = img.isJpeg() && img.exifOrientation() == 1 ? img.bytes() : null;
        Mask mask = s.mask() == null ? Mask.empty(img.width(), img.height()) : MaskOps.read(s.mask());
        if (mask.width() != img.width() || mask.height() != img.height()) {
            throw new ImageReadException(s.mask().toString(), "mask is " + mask.width() + "x" + mask.height()
                    + " but its image " + s.image() + " is " + img.width() + "x" + img.height());
        }
        return new LabelledImage(dataset.name() + "/" + s.id(), s.task(), img.image(), jpeg, mask);
    }

    @Override
    public String describe() {
        return "dataset " + dataset.name() + " (" + dataset.layout() + ", " + size() + " samples) at " + dataset.root();
    }
}
