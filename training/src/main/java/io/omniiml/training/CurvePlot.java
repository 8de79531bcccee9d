package io.omniiml.training;

import com.fasterxml.jackson.databind.JsonNode;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The training curve as a PNG (Java2D): top, the loss per step (faint) and its moving average; bottom, the
 * validation IoU per task and their mean against the step. Drawn from the JSONL logs, so it survives resumes.
 */
public final class CurvePlot {
    public static final String FILE = "curve.png";
    private static final int W = 900;
    private static final int PANEL_H = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), Color.BLACK};

    private CurvePlot() {
    }

    /** A named series of (step, value) points. */
    public record Series(String name, double[] steps, double[] values) {
    }

    /** Reads {@code log.jsonl} and {@code validation.jsonl} from {@code runDir} and writes {@code curve.png} there. */
    public static Path write(Path runDir) throws IOException {
        List<JsonNode> steps = TrainingLog.read(runDir.resolve(TrainingLog.JSONL));
        List<JsonNode> vals = TrainingLog.read(runDir.resolve(TrainingLog.VALIDATION));
        double[] x = new double[steps.size()];
        double[] loss = new double[steps.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = steps.get(i).path("step").asDouble();
            loss[i] = steps.get(i).path("loss").asDouble(Double.NaN);
        }
        Map<String, List<double[]>> iou = new LinkedHashMap<>();
        for (JsonNode v : vals) {
            double step = v.path("step").asDouble();
            v.path("tasks").fields().forEachRemaining(e ->
                    iou.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new double[] {step,
                            e.getValue().path("iou").asDouble(Double.NaN)}));
            iou.computeIfAbsent("mean", k -> new ArrayList<>()).add(new double[] {step,
                    v.path("mean_iou").asDouble(Double.NaN)});
        }
        List<Series> iouSeries = new ArrayList<>();
        iou.forEach((name, pts) -> iouSeries.add(new Series(name, pts.stream().mapToDouble(p -> p[0]).toArray(),
                pts.stream().mapToDouble(p -> p[1]).toArray())));
        BufferedImage img = render(new Series("loss", x, loss), iouSeries);
        Path out = runDir.resolve(FILE);
        Path tmp = runDir.resolve(FILE + ".tmp");
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return out;
    }

    public static BufferedImage render(Series loss, List<Series> validation) {
        BufferedImage img = new BufferedImage(W, 2 * PANEL_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, 2 * PANEL_H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double maxStep = Math.max(1, max(loss.steps()));
        for (Series s : validation) {
            maxStep = Math.max(maxStep, max(s.steps()));
        }
        double lossMax = 0;
        for (double v : loss.values()) {
            if (Double.isFinite(v)) {
                lossMax = Math.max(lossMax, v);
            }
        }
        lossMax = lossMax == 0 ? 1 : lossMax * 1.05;
        Series smooth = new Series("moving average", loss.steps(), movingAverage(loss.values(),
                Math.max(1, loss.values().length / 50)));
        panel(g, 0, "training loss", maxStep, lossMax, List.of(loss, smooth),
                new Color[] {new Color(0xc0d0e8), COLORS[0]});
        Color[] vc = new Color[validation.size()];
        for (int i = 0; i < vc.length; i++) {
            vc[i] = "mean".equals(validation.get(i).name()) ? Color.BLACK : COLORS[i % (COLORS.length - 1)];
        }
        panel(g, PANEL_H, "validation IoU (IMDL-BenCo, pixel, @0.5)", maxStep, 1.0, validation, vc);
        g.dispose();
        return img;
    }

    private static void panel(Graphics2D g, int y0, String title, double maxX, double maxY, List<Series> series,
                              Color[] colors) {
        int pw = W - LEFT - RIGHT;
        int ph = PANEL_H - TOP - BOTTOM;
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, y0 + 18);
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 4; i++) {
            int yy = y0 + TOP + ph - i * ph / 4;
            g.drawLine(LEFT, yy, LEFT + pw, yy);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, y0 + TOP, pw, ph);
        for (int i = 0; i <= 4; i++) {
            int yy = y0 + TOP + ph - i * ph / 4;
            g.drawString(String.format(Locale.ROOT, "%.3g", maxY * i / 4), 8, yy + 4);
            int xx = LEFT + i * pw / 4;
            g.drawString(String.format(Locale.ROOT, "%.0f", maxX * i / 4), xx - 10, y0 + TOP + ph + 16);
        }
        g.drawString("step", LEFT + pw / 2 - 10, y0 + PANEL_H - 6);
        for (int s = 0; s < series.size(); s++) {
            Series ser = series.get(s);
            g.setColor(colors[s]);
            g.setStroke(new BasicStroke("mean".equals(ser.name()) ? 2.5f : 1.5f));
            int px = -1;
            int py = -1;
            for (int i = 0; i < ser.steps().length; i++) {
                double v = ser.values()[i];
                if (!Double.isFinite(v)) {
                    px = -1;
                    continue;
                }
                int xx = LEFT + (int) Math.round(ser.steps()[i] / maxX * pw);
                int yy = y0 + TOP + ph - (int) Math.round(Math.min(v, maxY) / maxY * ph);
                if (px >= 0) {
                    g.drawLine(px, py, xx, yy);
                } else if (ser.steps().length < 3 || i == ser.steps().length - 1) {
                    g.fillOval(xx - 2, yy - 2, 5, 5);
                }
                px = xx;
                py = yy;
            }
            g.drawString(ser.name(), LEFT + pw + 12, y0 + TOP + 14 + 16 * s);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static double max(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Trailing moving average over {@code window} finite values. */
    static double[] movingAverage(double[] v, int window) {
        double[] out = new double[v.length];
        double sum = 0;
        int n = 0;
        java.util.ArrayDeque<Double> q = new java.util.ArrayDeque<>();
        for (int i = 0; i < v.length; i++) {
            if (Double.isFinite(v[i])) {
                q.add(v[i]);
                sum += v[i];
                n++;
                if (n > window) {
                    sum -= q.poll();
                    n--;
                }
            }
            out[i] = n == 0 ? Double.NaN : sum / n;
        }
        return out;
    }
}
