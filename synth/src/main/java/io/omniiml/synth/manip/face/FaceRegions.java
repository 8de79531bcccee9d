package io.omniiml.synth.manip.face;

/**
 * Fixed face-part regions of the UTKFace aligned crops (the face is centred; no landmarks exist), as
 * ellipses (centre x, centre y, radius x, radius y) in fractions of the crop size.
 */
final class FaceRegions {
    // Measured on the crops: eyes near (0.31, 0.31) and (0.68, 0.31), nose tip (0.5, 0.47), mouth (0.5, 0.68).
    static final double[] FACE = {0.50, 0.47, 0.30, 0.33};
    static final double[] LEFT_EYE = {0.31, 0.31, 0.10, 0.055};
    static final double[] RIGHT_EYE = {0.68, 0.31, 0.10, 0.055};
    static final double[] NOSE = {0.50, 0.44, 0.08, 0.10};
    static final double[] MOUTH = {0.50, 0.68, 0.15, 0.075};

    private FaceRegions() {
    }
}
