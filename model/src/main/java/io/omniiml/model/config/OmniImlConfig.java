package io.omniiml.model.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The numbers that size one Omni-IML network: the same code builds {@code tiny} (CPU default), {@code small}
 * and {@code base} (the paper's widths) from these files.
 *
 * @param name           configuration name (tiny, small, base or a user's own)
 * @param widths         channels of F1..F4 at strides 4, 8, 16, 32
 * @param depths         ConvNeXt blocks per stage (stride 4, 8, 16, 32)
 * @param mlpRatio       expansion of the ConvNeXt block's pointwise MLP
 * @param dctWidth       channels of the frequency head at pixel resolution
 * @param auxWidth       hidden channels of the auxiliary coarse-mask decoders (at least 16: see ENGINE.md trap 2)
 * @param gateWidth      hidden channels of the Modal Gate classifier (at least 16)
 * @param decoderWidth   channels of the Dynamic Weight Decoder
 * @param dwd            the Dynamic Weight Filters
 * @param aeWidth        hidden channels of the (training-only) Anomaly Enhancement box head
 * @param loss           loss weights
 * @param trainCrop      training crop side in pixels (multiple of 32)
 * @param tileSize       inference tile side in pixels (multiple of 32)
 * @param tileOverlap    overlap of neighbouring tiles in pixels (multiple of 32, less than tileSize)
 * @param gateTeacherProbability during training, the probability that a sample is routed by the gate label
 *                       (the path whose coarse mask is better); otherwise a fair coin routes it
 * @param visualHead     the Visual Perception Head: {@value #CONVNEXT_HEAD} (default when absent: a ConvNeXt stem
 *                       and blocks, randomly initialised) or {@value #MOBILENETV2_HEAD} (MobileNetV2 Conv1..block_10
 *                       initialised from nsfwjs' ImageNet-derived weights, docs/pretrained.md)
 * @param pretrained     for {@value #MOBILENETV2_HEAD}: the converted weights file that initialises an untrained
 *                       network (relative paths are looked up from the working directory and its parents); a trained
 *                       model's own parameters include the head, so loading one never reads this file
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OmniImlConfig(String name, List<Integer> widths, List<Integer> depths, int mlpRatio, int dctWidth,
                            int auxWidth, int gateWidth, int decoderWidth, Dwd dwd, int aeWidth, LossWeights loss,
                            int trainCrop, int tileSize, int tileOverlap, double gateTeacherProbability,
                            String visualHead, String pretrained) {
    public static final String CONVNEXT_HEAD = "convnext";
    public static final String MOBILENETV2_HEAD = "mobilenetv2";

    /** Largest stride of the network: inputs are padded to multiples of it. */
    public static final int MAX_STRIDE = 32;

    /**
     * @param experts    K expert depthwise kernels mixed per sample
     * @param kernelSize side of the depthwise kernels (odd)
     * @param dilations  one filter per entry, each with its own dilation
     * @param dynamic    true (the default when absent): per-sample mixed kernels; false: one static kernel per
     *                   filter, the paper's "static decoder weights" ablation
     */
    public record Dwd(int experts, int kernelSize, List<Integer> dilations, Boolean dynamic) {
        public Dwd {
            dynamic = dynamic == null || dynamic;
        }
    }

    /** Weights of the loss terms. */
    public record LossWeights(double maskBce, double maskDice, double aux, double gate, double box, double image) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public OmniImlConfig {
        check(widths != null && widths.size() == 4, "widths needs 4 entries (strides 4, 8, 16, 32)");
        check(depths != null && depths.size() == 4, "depths needs 4 entries");
        check(widths.stream().allMatch(w -> w >= 16), "widths must be >= 16");
        check(depths.stream().allMatch(d -> d >= 0), "depths must be >= 0");
        check(mlpRatio >= 1, "mlpRatio must be >= 1");
        check(dctWidth >= 16 && auxWidth >= 16 && gateWidth >= 16 && decoderWidth >= 16 && aeWidth >= 16,
                "dctWidth, auxWidth, gateWidth, decoderWidth and aeWidth must be >= 16 (oneDNN NaN trap with few channels)");
        check(dwd != null && dwd.experts() >= 1 && dwd.kernelSize() % 2 == 1 && dwd.dilations() != null
                && !dwd.dilations().isEmpty() && dwd.dilations().stream().allMatch(d -> d >= 1),
                "dwd needs experts >= 1, an odd kernelSize and at least one dilation >= 1");
        check(loss != null, "loss weights missing");
        check(trainCrop > 0 && trainCrop % MAX_STRIDE == 0, "trainCrop must be a positive multiple of 32");
        check(tileSize > 0 && tileSize % MAX_STRIDE == 0, "tileSize must be a positive multiple of 32");
        check(tileOverlap >= 0 && tileOverlap % MAX_STRIDE == 0 && tileOverlap < tileSize,
                "tileOverlap must be a multiple of 32 below tileSize");
        check(gateTeacherProbability >= 0 && gateTeacherProbability <= 1, "gateTeacherProbability must be in [0, 1]");
        visualHead = visualHead == null ? CONVNEXT_HEAD : visualHead;
        check(visualHead.equals(CONVNEXT_HEAD) || visualHead.equals(MOBILENETV2_HEAD),
                "visualHead must be " + CONVNEXT_HEAD + " or " + MOBILENETV2_HEAD);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid Omni-IML config: " + message);
        }
    }

    public int width(int stage) {
        return widths.get(stage);
    }

    public int depth(int stage) {
        return depths.get(stage);
    }

    /** One of the bundled configurations: tiny, tiny-static (the static-decoder ablation), small or base. */
    public static OmniImlConfig named(String name) {
        try (InputStream in = OmniImlConfig.class.getResourceAsStream("/io/omniiml/model/configs/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no bundled config '" + name + "' (have: tiny, tiny-static, small, base, mnv2, mnv2-random)");
            }
            return JSON.readValue(in, OmniImlConfig.class);
        } catch (IOException e) {
            throw new IllegalStateException("bundled config " + name + " unreadable", e);
        }
    }

    /** A config file; a bad file gives an IOException naming it and the problem. */
    public static OmniImlConfig read(Path file) throws IOException {
        try {
            return JSON.readValue(Files.readAllBytes(file), OmniImlConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + ": not a valid Omni-IML config: " + e.getMessage(), e);
        }
    }

    public static OmniImlConfig parse(String json) throws IOException {
        return JSON.readValue(json, OmniImlConfig.class);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson());
    }
}
