package io.omniiml.synth;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.core.mask.Mask;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** A PNG grid of samples, one row per task, with the mask outline drawn in red and the edit type below. */
public final class ContactSheet {
    private ContactSheet() {
    }

    public static BufferedImage render(List<List<SyntheticSample>> rows, int tile) {
        int cols = rows.stream().mapToInt(List::size).max().orElse(1);
        int label = 28;
        BufferedImage sheet = new BufferedImage(cols * (tile + 4) + 4, rows.size() * (tile + label + 4) + 4,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setFont(io.omniiml.synth.text.FontLibrary.font("dejavu/DejaVuSans.ttf", 11f));
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.get(r).size(); c++) {
                SyntheticSample s = rows.get(r).get(c);
                BufferedImage img = s.image();
                double scale = Math.min((double) tile / img.getWidth(), (double) tile / img.getHeight());
                int tw = (int) (img.getWidth() * scale);
                int th = (int) (img.getHeight() * scale);
                int x0 = 4 + c * (tile + 4);
                int y0 = 4 + r * (tile + label + 4);
                g.drawImage(img, x0, y0, tw, th, null);
                drawOutline(sheet, s.mask(), x0, y0, scale);
                g.setColor(Color.WHITE);
                g.drawString(edit(s.manipulation()) + " / " + post(s.manipulation().path("post_processing")), x0,
                        y0 + tile + 12);
                JsonNode src = s.manipulation().path("source");
                g.drawString(s.task().id() + " " + img.getWidth() + "x" + img.getHeight() + " "
                        + src.path("kind").asText().replace("_photo", "") + (src.has("camera_crop")
                        ? " (" + src.get("camera_crop").asText().replace("full_resolution_", "") + ")" : ""), x0,
                        y0 + tile + 24);
            }
        }
        g.dispose();
        return sheet;
    }

    /** The edit type, with the donor kind or segment origin when there is one (natural edits). */
    private static String edit(JsonNode manipulation) {
        JsonNode step = manipulation.path("steps").path(0);
        String detail = step.has("donor_kind") ? step.get("donor_kind").asText()
                : step.path("segment_of_host").asBoolean() ? "host object"
                : step.path("source_texture").asText().equals("smooth") ? "smooth" : "";
        return manipulation.get("type").asText() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    /** The post-processing type, with whose quantization tables the JPEG was saved when not an IJG quality. */
    private static String post(JsonNode post) {
        String tables = post.path("tables").asText();
        return post.path("type").asText() + (tables.isEmpty() ? "" : ", " + tables + " tables");
    }

    private static void drawOutline(BufferedImage sheet, Mask mask, int x0, int y0, double scale) {
        int w = mask.width();
        int h = mask.height();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!mask.get(x, y)) {
                    continue;
                }
                boolean edge = x == 0 || y == 0 || x == w - 1 || y == h - 1 || !mask.get(x - 1, y) || !mask.get(x + 1, y)
                        || !mask.get(x, y - 1) || !mask.get(x, y + 1);
                if (edge) {
                    int sx = x0 + (int) (x * scale);
                    int sy = y0 + (int) (y * scale);
                    if (sx < sheet.getWidth() && sy < sheet.getHeight()) {
                        sheet.setRGB(sx, sy, 0xFF2020);
                    }
                }
            }
        }
    }
}
