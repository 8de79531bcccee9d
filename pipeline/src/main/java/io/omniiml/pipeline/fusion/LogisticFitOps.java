package io.omniiml.pipeline.fusion;

import java.util.ArrayList;
import java.util.List;

/**
 * Weighted, L2-regularized logistic regression fitted by Newton's method (few features, many rows: each
 * iteration is one pass over the rows plus a tiny linear solve). Minimizes
 * {@code (1/W) sum_i w_i logloss(y_i, sigmoid(b + x_i . beta)) + (l2 / 2) |beta|^2} (the bias is not penalized).
 */
public final class LogisticFitOps {
    /** Logits are clipped to this magnitude: p = 0 or 1 exactly would make log-odds features infinite. */
    public static final double LOGIT_CLIP = 8;

    private LogisticFitOps() {
    }

    /**
     * @param weights    one per feature
     * @param bias       the intercept
     * @param logLoss    the weighted mean log-loss at the solution (without the penalty)
     * @param iterations Newton steps taken
     * @param converged  whether the last step moved every coefficient by less than 1e-9
     */
    public record Fit(double[] weights, double bias, double logLoss, int iterations, boolean converged) {
    }

    public static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** A fitted logistic model's probability: sigmoid(bias + weights . x), the terms added in feature order. */
    public static double probability(double[] weights, double bias, double[] x) {
        double z = bias;
        for (int f = 0; f < x.length; f++) {
            z += weights[f] * x[f];
        }
        return sigmoid(z);
    }

    /** log(p / (1 - p)), clipped to +-{@link #LOGIT_CLIP}; NaN counts as 0.5. */
    public static double logit(double p) {
        if (Double.isNaN(p)) {
            return 0;
        }
        double eps = sigmoid(-LOGIT_CLIP);
        double q = Math.max(eps, Math.min(1 - eps, p));
        return Math.log(q / (1 - q));
    }

    /**
     * @param x        rows of features (all the same length)
     * @param y        labels
     * @param w        sample weights (> 0), or null for all 1
     * @param l2       penalty on the feature weights (>= 0)
     * @param maxSteps Newton iterations at most
     */
    public static Fit fit(double[][] x, boolean[] y, double[] w, double l2, int maxSteps) {
        int n = x.length;
        if (n == 0 || y.length != n || (w != null && w.length != n)) {
            throw new IllegalArgumentException("need as many labels and weights as rows, and at least one row: "
                    + n + " rows, " + y.length + " labels" + (w == null ? "" : ", " + w.length + " weights"));
        }
        int d = x[0].length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += w == null ? 1 : w[i];
        }
        double[] beta = new double[d + 1]; // [0] = bias
        double loss = objective(x, y, w, total, beta, l2);
        boolean converged = false;
        int steps = 0;
        while (steps < maxSteps && !converged) {
            steps++;
            double[] grad = new double[d + 1];
            double[][] hess = new double[d + 1][d + 1];
            double[] row = new double[d + 1];
            row[0] = 1;
            for (int i = 0; i < n; i++) {
                System.arraycopy(x[i], 0, row, 1, d);
                double p = sigmoid(dot(beta, row));
                double wi = (w == null ? 1 : w[i]) / total;
                double r = wi * (p - (y[i] ? 1 : 0));
                double c = wi * Math.max(p * (1 - p), 1e-12);
                for (int a = 0; a <= d; a++) {
                    grad[a] += r * row[a];
                    for (int b = 0; b <= a; b++) {
                        hess[a][b] += c * row[a] * row[b];
                    }
                }
            }
            for (int a = 0; a <= d; a++) {
                for (int b = 0; b < a; b++) {
                    hess[b][a] = hess[a][b];
                }
            }
            for (int a = 1; a <= d; a++) {
                grad[a] += l2 * beta[a];
                hess[a][a] += l2;
            }
            hess[0][0] += 1e-12;
            double[] step = solve(hess, grad);
            // Damped Newton: halve the step until the objective does not increase (separable data diverge otherwise).
            double t = 1;
            double[] next = new double[d + 1];
            double nextLoss = Double.POSITIVE_INFINITY;
            for (int k = 0; k < 30; k++) {
                for (int a = 0; a <= d; a++) {
                    next[a] = beta[a] - t * step[a];
                }
                nextLoss = objective(x, y, w, total, next, l2);
                if (nextLoss <= loss + 1e-15) {
                    break;
                }
                t /= 2;
            }
            double moved = 0;
            for (int a = 0; a <= d; a++) {
                moved = Math.max(moved, Math.abs(next[a] - beta[a]));
            }
            if (nextLoss <= loss + 1e-15) {
                beta = next.clone();
                loss = nextLoss;
            }
            converged = moved < 1e-9;
        }
        double[] weights = new double[d];
        System.arraycopy(beta, 1, weights, 0, d);
        double penalty = 0;
        for (double v : weights) {
            penalty += 0.5 * l2 * v * v;
        }
        return new Fit(weights, beta[0], loss - penalty, steps, converged);
    }

    /**
     * As {@link #fit} with every feature weight constrained to be >= 0 (more evidence never lowers the
     * probability), by an active set: fit, drop the most negative feature (weight fixed at 0), refit, until all
     * remaining weights are non-negative. The bias is free.
     */
    public static Fit fitNonNegative(double[][] x, boolean[] y, double[] w, double l2, int maxSteps) {
        int d = x.length == 0 ? 0 : x[0].length;
        List<Integer> free = new ArrayList<>();
        for (int f = 0; f < d; f++) {
            free.add(f);
        }
        while (true) {
            double[][] reduced = new double[x.length][free.size()];
            for (int i = 0; i < x.length; i++) {
                for (int k = 0; k < free.size(); k++) {
                    reduced[i][k] = x[i][free.get(k)];
                }
            }
            Fit fit = fit(reduced, y, w, l2, maxSteps);
            int worst = -1;
            for (int k = 0; k < free.size(); k++) {
                if (fit.weights()[k] < 0 && (worst < 0 || fit.weights()[k] < fit.weights()[worst])) {
                    worst = k;
                }
            }
            if (worst < 0) {
                double[] full = new double[d];
                for (int k = 0; k < free.size(); k++) {
                    full[free.get(k)] = fit.weights()[k];
                }
                return new Fit(full, fit.bias(), fit.logLoss(), fit.iterations(), fit.converged());
            }
            free.remove(worst);
        }
    }

    private static double objective(double[][] x, boolean[] y, double[] w, double total, double[] beta, double l2) {
        double sum = 0;
        int d = beta.length - 1;
        for (int i = 0; i < x.length; i++) {
            double z = beta[0];
            for (int a = 0; a < d; a++) {
                z += beta[a + 1] * x[i][a];
            }
            // log(1 + e^z) - y z, computed without overflow
            double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            sum += (w == null ? 1 : w[i]) * (softplus - (y[i] ? z : 0));
        }
        double penalty = 0;
        for (int a = 1; a <= d; a++) {
            penalty += 0.5 * l2 * beta[a] * beta[a];
        }
        return sum / total + penalty;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Solves A s = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = new double[n + 1];
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            double diag = m[col][col];
            if (Math.abs(diag) < 1e-300) {
                continue; // a feature that never varies: its coefficient stays where it is
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col] / diag;
                    if (f != 0) {
                        for (int c = col; c <= n; c++) {
                            m[r][c] -= f * m[col][c];
                        }
                    }
                }
            }
        }
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.abs(m[i][i]) < 1e-300 ? 0 : m[i][n] / m[i][i];
        }
        return s;
    }
}
