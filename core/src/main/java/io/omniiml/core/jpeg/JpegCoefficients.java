package io.omniiml.core.jpeg;

import java.util.List;

/**
 * The quantized DCT coefficients of a JPEG file and its quantization tables, in jpegio's layout.
 * Components and blocks stay in FILE order: EXIF orientation is never applied here, because the 8x8
 * grid and the coefficients belong to the stored raster, not to the displayed one.
 *
 * @param width         image width in pixels (frame header)
 * @param height        image height in pixels (frame header)
 * @param progressive   whether the frame was progressive (SOF2)
 * @param components    the frame's components in frame-header order
 * @param quantTables   quantization tables by table slot (0..3), 64 entries each in NATURAL (row-major)
 *                      order, or null for a slot the file never defined
 */
public record JpegCoefficients(int width, int height, boolean progressive, List<Component> components,
                               int[][] quantTables) {

    /**
     * One component's coefficients.
     *
     * @param id             component identifier from the frame header
     * @param hSampling      horizontal sampling factor
     * @param vSampling      vertical sampling factor
     * @param quantTable     slot of its quantization table
     * @param blocksWide     width in 8x8 blocks (libjpeg's width_in_blocks: no padding to whole MCUs)
     * @param blocksHigh     height in 8x8 blocks (libjpeg's height_in_blocks)
     * @param coefficients   (blocksHigh*8) x (blocksWide*8) row-major: block (r, c) at rows r*8..r*8+7 and
     *                       columns c*8..c*8+7, each block in natural (row-major) coefficient order
     */
    public record Component(int id, int hSampling, int vSampling, int quantTable,
                            int blocksWide, int blocksHigh, short[] coefficients) {
        /** Row length of the coefficient array: blocksWide * 8. */
        public int stride() {
            return blocksWide * 8;
        }

        /** Coefficient k (natural order, 0 = DC) of block (blockRow, blockCol). */
        public short coefficient(int blockRow, int blockCol, int k) {
            return coefficients[(blockRow * 8 + k / 8) * stride() + blockCol * 8 + k % 8];
        }
    }

    /** The quantization table of component {@code index}, natural order. */
    public int[] quantTableOf(int index) {
        return quantTables[components.get(index).quantTable()];
    }
}
