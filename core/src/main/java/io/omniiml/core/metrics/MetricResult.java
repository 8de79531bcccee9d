package io.omniiml.core.metrics;

/**
 * One reported number.
 *
 * @param protocol how it was computed, e.g. "imdlbenco-pixel@0.5", "trufor-pixel", "image-pooled@0.5"
 * @param metric   f1, iou, precision, recall, auc, best_f1, accuracy, balanced_accuracy
 * @param value    the value (NaN when undefined, e.g. AUC with a single class)
 * @param count    how many images it averages (pixel protocols) or pools (image protocols)
 */
public record MetricResult(String protocol, String metric, double value, int count) {
}
