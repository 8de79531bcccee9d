package io.omniiml.training;

import io.omniiml.training.step.LossParts;

/**
 * What one training step did, as written to the JSONL and CSV logs.
 *
 * @param step          steps completed after this one (1-based)
 * @param loss          the loss terms, gradient norm and gate routing
 * @param learningRate  the rate used for this update
 * @param imagesPerSec  batch size over (data wait + compute) of this step
 * @param dataMillis    time the trainer waited for the batch (0 when prefetching kept up)
 * @param buildMillis   time a worker spent generating and converting the batch (on its own thread)
 * @param buildCpuMillis CPU time of that worker for the batch (contention-independent cost of the data)
 * @param computeMillis forward, backward and update
 * @param processCpuSeconds CPU time of the whole process so far in this sitting (all threads, engine included):
 *                      on a shared machine, wall times depend on the load, CPU times much less
 * @param wallSeconds   total training wall time so far, over all sittings
 * @param natural       samples of each task in the batch
 * @param real          samples from real datasets in the batch
 * @param batchHash     {@link BatchPrefetcher.Prepared#contentHash()} (JSONL only)
 */
public record StepRecord(long step, LossParts loss, double learningRate, double imagesPerSec, double dataMillis,
                         double buildMillis, double buildCpuMillis, double computeMillis, double processCpuSeconds,
                         double wallSeconds, int natural, int document,
                         int face, int sceneText, int real, int batchHash) {

    static final String CSV_HEADER = "step,loss,mask_bce,mask_dice,aux,gate,box,image,grad_norm,skipped,"
            + "fused_routed,fused_labelled,lr,img_per_s,data_ms,build_ms,build_cpu_ms,compute_ms,process_cpu_s,wall_s,natural,document,face,"
            + "scene_text,real";

    String csv() {
        return String.format(java.util.Locale.ROOT,
                "%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%b,%.4f,%.4f,%.6g,%.4f,%.2f,%.2f,%.2f,%.2f,%.3f,%.3f,%d,%d,%d,%d,%d",
                step, loss.total(), loss.maskBce(), loss.maskDice(), loss.aux(), loss.gate(), loss.box(), loss.image(),
                loss.gradientNorm(), loss.skipped(), loss.fusedRouted(), loss.fusedLabelled(), learningRate,
                imagesPerSec, dataMillis, buildMillis, buildCpuMillis, computeMillis, processCpuSeconds, wallSeconds, natural, document, face, sceneText,
                real);
    }
}
