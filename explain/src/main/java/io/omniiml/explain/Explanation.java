package io.omniiml.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * Why an image looks edited, in the fields of Omni-273k, per region and for the whole image. Serialized by
 * {@link ExplanationWriter} with the schema id {@link #SCHEMA}; field order is fixed, maps are sorted.
 *
 * @param schema    "omniiml.explanation/1"
 * @param source    the image's file or upload name
 * @param width     image width in pixels (displayed orientation)
 * @param height    image height in pixels
 * @param task      the task hint ("natural", "document", "face", "scene_text") or null
 * @param interpreter who wrote the four fields: "local", or "llm:MODEL" for the LLM adapter
 * @param image     image-level findings
 * @param regions   the described regions, largest first
 * @param sentences the whole explanation as plain sentences
 */
@JsonPropertyOrder({"schema", "source", "width", "height", "task", "interpreter", "image", "regions", "sentences"})
public record Explanation(String schema, String source, int width, int height, String task, String interpreter, ImageFindings image,
                          List<Region> regions, List<String> sentences) {
    public static final String SCHEMA = "omniiml.explanation/1";

    /**
     * Image-level findings.
     *
     * @param format             container format (jpeg, png, ...)
     * @param jpegQuality        estimated IJG quality of the last JPEG compression, null when not a JPEG
     * @param doubleCompressed   whether aligned double JPEG compression was found (null when not a JPEG)
     * @param ocr                "available", or why OCR is not
     * @param regionsFound       connected regions above the minimum area (may exceed the described ones)
     * @param findings           statements from every analyser, in analyser order
     * @param evidence           each analyser's image-level numbers, by analyser name
     */
    @JsonPropertyOrder({"format", "jpeg_quality", "double_compressed", "ocr", "regions_found", "findings", "evidence"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ImageFindings(String format, @JsonProperty("jpeg_quality") Integer jpegQuality,
                                @JsonProperty("double_compressed") Boolean doubleCompressed, String ocr,
                                @JsonProperty("regions_found") int regionsFound, List<String> findings,
                                Map<String, Map<String, Object>> evidence) {
    }

    /**
     * One tampered region.
     *
     * @param id            1-based, in order of decreasing size
     * @param box           [x, y, width, height] in pixels
     * @param boxNormalized [x0, y0, x1, y1] as fractions of width and height (3 decimals)
     * @param pixels        pixels in the region
     * @param areaFraction  pixels / image pixels
     * @param meanScore     mean of the prediction inside (1.0 for a binary mask)
     * @param explanation   the four Omni-273k fields as sentences
     * @param text          OCR result for the region (null when not read)
     * @param measurements  per-analyser numbers inside vs outside
     */
    @JsonPropertyOrder({"id", "box", "box_normalized", "pixels", "area_fraction", "mean_score", "explanation", "text", "measurements"})
    public record Region(int id, List<Integer> box, @JsonProperty("box_normalized") List<Double> boxNormalized, long pixels,
                         @JsonProperty("area_fraction") double areaFraction, @JsonProperty("mean_score") double meanScore,
                         Fields explanation, RegionText text, Map<String, Map<String, Object>> measurements) {
    }

    /** The Omni-273k fields. */
    @JsonPropertyOrder({"content", "absolute_position", "relative_position", "artifacts"})
    public record Fields(String content, @JsonProperty("absolute_position") String absolutePosition,
                         @JsonProperty("relative_position") String relativePosition, String artifacts) {
    }

    /**
     * OCR of a region.
     *
     * @param recognized   the text read inside the region ("" when nothing legible)
     * @param confidence   Tesseract's mean word confidence 0..100
     * @param original     the original text when the caller gave it, else null (unknown)
     * @param neighbours   text read next to the region, by side: "left", "right", "above", "below"
     */
    @JsonPropertyOrder({"recognized", "confidence", "original", "neighbours"})
    public record RegionText(String recognized, double confidence, String original, Map<String, String> neighbours) {
    }
}
