package io.omniiml.core.jpeg;

/**
 * What {@link JpegCoefficientReader} learned from a JPEG stream: its coefficients plus facts about the coding
 * that are not part of the coefficient layout.
 *
 * @param coefficients    the coefficients and quantization tables
 * @param restartInterval MCUs between restart markers (DRI), 0 when there are none
 * @param scans           number of scans (1 for a typical baseline file, about 10 for a progressive one)
 * @param adobeTransform  the Adobe APP14 colour transform flag (0 none/CMYK or RGB, 1 YCbCr, 2 YCCK), -1 without APP14
 */
public record JpegStream(JpegCoefficients coefficients, int restartInterval, int scans, int adobeTransform) {
}
