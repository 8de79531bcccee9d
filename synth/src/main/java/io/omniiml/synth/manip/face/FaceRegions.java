package io.omniiml.synth.manip.face;

/**
 * Fixed face-part regions of the UTKFace aligned crops (the face is centred; no landmarks exist), as
 * ellipses (centre x, centre y, radius x, radius y) in fractions of the crop size.
 */
final class FaceRegions {
    static final double[] FACE = {0.50, 0.56, 0.30, 0.36};
    static final double[] LEFT_EYE = {0.35, 0.47, 0.10, 0.06};
    static final double[] RIGHT_EYE = {0.65, 0.47, 0.10, 0.06};
    static final double[] NOSE = {0.50, 0.60, 0.08, 0.09};
    static final double[] MOUTH = {0.50, 0.75, 0.15, 0.08};

    private FaceRegions() {
    }
}
