package io.omniiml.spark;

/** How the {@code mask} column stores each image's binary mask. */
public enum MaskFormat {
    /** PNG bytes (8-bit grey, 255 = tampered), column type binary. */
    PNG,
    /** Run-length string (see {@link MaskEncodingOps#rle}), column type string; compact, no image decoder needed. */
    RLE
}
