package io.omniiml.synth.post;

import io.omniiml.core.mask.Mask;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostProcessingTest {
    @Test
    void everyKindKeepsImageAndMaskAlignedOnTheEightGrid() {
        int w = 128;
        int h = 96;
        int[] px = new int[w * h];
        byte[] m = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (x * 2) << 16 | (y * 2) << 8 | 100;
                m[y * w + x] = (byte) (x >= 32 && x < 64 && y >= 40 && y < 72 ? 1 : 0);
            }
        }
        Mask mask = new Mask(w, h, m);
        Set<String> kinds = new HashSet<>();
        for (long seed = 0; seed < 60; seed++) {
            PostProcessing.Result r = PostProcessing.apply(px, w, h, mask, new SplittableRandom(seed), true, true);
            String kind = r.parameters().get("type").asText();
            kinds.add(kind);
            assertEquals(r.image().getWidth(), r.mask().width());
            assertEquals(r.image().getHeight(), r.mask().height());
            assertEquals(0, r.image().getWidth() % 8);
            assertEquals(0, r.image().getHeight() % 8);
            double fraction = (double) r.mask().count() / ((long) r.mask().width() * r.mask().height());
            assertEquals(32.0 * 32 / (w * h), fraction, 0.02, kind);
            if (!kind.equals("resize")) {
                assertEquals(mask.count(), r.mask().count());
            }
            assertEquals(kind.equals("none") ? "png" : "jpeg", r.format());
            boolean claimsDoubleOutside = r.artifacts().stream().anyMatch(a -> a.contains("only outside the region"));
            boolean shifted = r.parameters().has("first_grid_shift") && r.parameters().get("first_grid_shift").get(0).asInt() > 0;
            assertEquals(kind.equals("jpeg") || kind.equals("double_jpeg") && !shifted, claimsDoubleOutside, kind);
        }
        assertEquals(Set.of("none", "jpeg", "double_jpeg", "resize", "blur", "noise"), kinds);
    }

    @Test
    void shiftedFirstCompressionKeepsTheSizeAndMovesTheGrid() {
        int w = 64;
        int h = 64;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // Smooth content: at a low quality, the steps at block borders stand out against it.
                int v = (int) Math.round(128 + 50 * Math.sin(x / 4.0) * Math.cos(y / 5.0) + x);
                px[y * w + x] = v << 16 | v << 8 | v;
            }
        }
        int[] aligned = PostProcessing.shiftedJpeg(px, w, h, 0, 0, img -> EncodeOps.jpeg(img, 20));
        int[] shifted = PostProcessing.shiftedJpeg(px, w, h, 3, 5, img -> EncodeOps.jpeg(img, 20));
        assertEquals(px.length, shifted.length);
        // Blockiness: the luminance jump across x = 8k boundaries versus elsewhere.
        assertTrue(blockiness(aligned, w, h, 0) > blockiness(aligned, w, h, 3),
                blockiness(aligned, w, h, 0) + " vs " + blockiness(aligned, w, h, 3));
        assertTrue(blockiness(shifted, w, h, 5) > blockiness(shifted, w, h, 0),
                blockiness(shifted, w, h, 5) + " vs " + blockiness(shifted, w, h, 0));
    }

    private static double blockiness(int[] px, int w, int h, int phase) {
        double s = 0;
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 8 + phase; x < w; x += 8) {
                s += Math.abs((px[y * w + x] & 255) - (px[y * w + x - 1] & 255));
                n++;
            }
        }
        return s / n;
    }
}
