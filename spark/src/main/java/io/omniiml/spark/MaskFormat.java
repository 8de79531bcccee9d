package io.omniiml.spark;

import java.util.Locale;

/** How the {@code mask} column stores each image's binary mask. */
public enum MaskFormat {
    /** PNG bytes (8-bit grey, 255 = tampered), column type binary. */
    PNG,
    /** Run-length string (see {@link MaskEncodingOps#rle}), column type string; compact, no image decoder needed. */
    RLE;

    /** "png" or "rle", any case. */
    public static MaskFormat parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mask format '" + name + "', choose png or rle");
        }
    }
}
