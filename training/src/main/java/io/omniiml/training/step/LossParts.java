package io.omniiml.training.step;

/**
 * The loss of one training step, term by term (unweighted), with the weighted total.
 *
 * @param total          weighted sum that was minimized
 * @param maskBce        BCE of the final mask
 * @param maskDice       soft Dice loss of the final mask
 * @param aux            BCE of P_rgb plus BCE of P_fused against the 8x8-averaged mask
 * @param gate           cross-entropy of the Modal Gate against its label
 * @param box            Anomaly Enhancement: objectness BCE + L1 of the box distances on positive cells
 * @param image          BCE of the image-level score
 * @param gradientNorm   global L2 norm of the gradient before clipping
 * @param skipped        true when the step was not applied (non-finite loss or gradient)
 * @param fusedRouted    fraction of samples routed through the fused path
 * @param fusedLabelled  fraction of samples whose gate label was "fused"
 */
public record LossParts(double total, double maskBce, double maskDice, double aux, double gate, double box,
                        double image, double gradientNorm, boolean skipped, double fusedRouted,
                        double fusedLabelled) {

    /** Names of the non-finite terms, or "gradient" when every term was finite but the gradient was not; "" if none. */
    public String nonFiniteParts() {
        String[] names = {"total", "maskBce", "maskDice", "aux", "gate", "box", "image"};
        double[] values = {total, maskBce, maskDice, aux, gate, box, image};
        StringBuilder s = new StringBuilder();
        for (int i = 1; i < names.length; i++) {
            if (!Double.isFinite(values[i])) {
                s.append(s.isEmpty() ? "" : ", ").append(names[i]);
            }
        }
        if (s.isEmpty() && !Double.isFinite(total)) {
            s.append("total");
        }
        return s.isEmpty() && !Double.isFinite(gradientNorm) ? "gradient" : s.toString();
    }

    @Override
    public String toString() {
        return String.format("loss %.4f (bce %.4f dice %.4f aux %.4f gate %.4f box %.4f image %.4f) |g| %.3g%s",
                total, maskBce, maskDice, aux, gate, box, image, gradientNorm, skipped ? " SKIPPED" : "");
    }
}
