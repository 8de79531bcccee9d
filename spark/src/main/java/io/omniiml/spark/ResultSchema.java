package io.omniiml.spark;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/** Columns of the scan result table (one row per input file, errors included). */
public final class ResultSchema {
    public static final String PATH = "path";
    public static final String FORMAT = "format";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String SCORE = "score";
    public static final String BOXES = "boxes";
    public static final String GATE = "gate";
    public static final String GATE_CONFIDENCE = "gate_confidence";
    public static final String MASK = "mask";
    public static final String EXPLANATION = "explanation";
    /** JSON of how the final map was made (rule, per-region sources, clones); null when not fused. */
    public static final String FUSION = "fusion";
    /**
     * The integrity verdict ("edited", "no evidence of editing", "uncertain"; docs/verdict.md) on {@link #SCORE}, the
     * calibrated probability that the image was edited; null without a calibrated rule (e.g. without fusion).
     */
    public static final String VERDICT = "verdict";
    public static final String ERROR = "error";
    public static final String MODEL_ID = "model_id";
    public static final String ELAPSED_MS = "elapsed_ms";
    /** Only in tables written by {@link OmniImlSpark#scanInto}: which run wrote the row. */
    public static final String RUN_ID = "run_id";

    /** A box in image pixels: top-left corner and size. */
    public static final StructType BOX = DataTypes.createStructType(List.of(
            DataTypes.createStructField("x", DataTypes.IntegerType, false),
            DataTypes.createStructField("y", DataTypes.IntegerType, false),
            DataTypes.createStructField("w", DataTypes.IntegerType, false),
            DataTypes.createStructField("h", DataTypes.IntegerType, false)));

    private ResultSchema() {
    }

    /** The columns of {@link OmniImlSpark#scan}; {@code mask} is binary (PNG) or string (RLE). */
    public static StructType of(MaskFormat maskFormat) {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField(PATH, DataTypes.StringType, false),
                DataTypes.createStructField(FORMAT, DataTypes.StringType, true),
                DataTypes.createStructField(WIDTH, DataTypes.IntegerType, true),
                DataTypes.createStructField(HEIGHT, DataTypes.IntegerType, true),
                DataTypes.createStructField(SCORE, DataTypes.DoubleType, true),
                DataTypes.createStructField(BOXES, DataTypes.createArrayType(BOX, false), true),
                DataTypes.createStructField(GATE, DataTypes.StringType, true),
                DataTypes.createStructField(GATE_CONFIDENCE, DataTypes.DoubleType, true),
                DataTypes.createStructField(MASK, maskType(maskFormat), true),
                DataTypes.createStructField(EXPLANATION, DataTypes.StringType, true),
                DataTypes.createStructField(FUSION, DataTypes.StringType, true),
                DataTypes.createStructField(VERDICT, DataTypes.StringType, true),
                DataTypes.createStructField(ERROR, DataTypes.StringType, true),
                DataTypes.createStructField(MODEL_ID, DataTypes.StringType, true),
                DataTypes.createStructField(ELAPSED_MS, DataTypes.DoubleType, false)));
    }

    /** {@link #of} plus {@link #RUN_ID}: the table kept in an output folder. */
    public static StructType stored(MaskFormat maskFormat) {
        return of(maskFormat).add(RUN_ID, DataTypes.StringType, false);
    }

    static DataType maskType(MaskFormat maskFormat) {
        return maskFormat == MaskFormat.PNG ? DataTypes.BinaryType : DataTypes.StringType;
    }
}
