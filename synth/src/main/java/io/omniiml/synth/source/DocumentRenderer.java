package io.omniiml.synth.source;

import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.text.FontLibrary;
import io.omniiml.synth.text.TextOps;
import io.omniiml.synth.text.TextRegion;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Draws documents (invoices, letters, forms) with Java2D in Debian fonts, recording every word's box, text,
 * font file, pixel size and colour, so text edits can re-render in exactly the matching style. The page is
 * clean; {@link #scan} adds the paper, noise, blur and JPEG of a scanned or photographed page.
 */
public final class DocumentRenderer {
    public static final List<String> TEMPLATES = List.of("invoice", "letter", "form");

    private DocumentRenderer() {
    }

    /** A rendered page; {@code id} is its stable source name (it decides the split and seeds the content). */
    public static SourceImage render(String id) {
        SplittableRandom rnd = new SplittableRandom(id.hashCode() * 0x9E3779B97F4A7C15L);
        double scale = 0.85 + 0.3 * rnd.nextDouble();
        int width = (int) (850 * scale);
        int height = (int) (1100 * scale);
        BufferedImage page = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        int paper = RasterOps.rgb(244 + rnd.nextInt(12), 242 + rnd.nextInt(12), 236 + rnd.nextInt(18));
        g.setColor(new Color(paper));
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int ink = rnd.nextInt(4) == 0 ? RasterOps.rgb(20 + rnd.nextInt(20), 30 + rnd.nextInt(20), 90 + rnd.nextInt(50))
                : RasterOps.rgb(10 + rnd.nextInt(40), 10 + rnd.nextInt(40), 10 + rnd.nextInt(40));
        String template = TEMPLATES.get(rnd.nextInt(TEMPLATES.size()));
        Writer w = new Writer(g, rnd, ink, scale);
        switch (template) {
            case "invoice" -> invoice(w, width, rnd);
            case "letter" -> letter(w, width, height, rnd);
            default -> form(w, width, rnd);
        }
        g.dispose();
        return new SourceImage(id, SourceKind.RENDERED_DOCUMENT, width, height, RasterOps.pixels(page),
                List.copyOf(w.regions), false);
    }

    /** Paper grain, slight defocus and the JPEG of a scanner or phone, deterministic in {@code seed}. */
    public static SourceImage scan(SourceImage clean, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] px = RasterOps.gaussianBlur(clean.pixels(), clean.width(), clean.height(), 0.3 + 0.5 * rnd.nextDouble());
        double noise = 0.8 + 2.2 * rnd.nextDouble();
        for (int i = 0; i < px.length; i++) {
            int n = (int) Math.round(rnd.nextGaussian() * noise);
            int p = px[i];
            px[i] = RasterOps.rgb(((p >> 16) & 255) + n, ((p >> 8) & 255) + n, (p & 255) + n);
        }
        int quality = 75 + rnd.nextInt(21);
        int[] jpeg = io.omniiml.synth.post.EncodeOps.jpegRoundTrip(px, clean.width(), clean.height(), quality);
        return clean.withPixels(clean.width(), clean.height(), jpeg, true, null);
    }

    private static void invoice(Writer w, int width, SplittableRandom rnd) {
        String bold = rnd.nextBoolean() ? "liberation/LiberationSans-Bold.ttf" : "dejavu/DejaVuSans.ttf";
        String body = TextOps.pick(FontLibrary.SANS, rnd);
        int left = (int) (60 * w.scale);
        int y = (int) (80 * w.scale);
        String company = TextOps.pick(List.of("Northwind", "Bluebird", "Meridian", "Atlas", "Greenfield", "Kestrel"),
                rnd) + " " + TextOps.pick(List.of("Trading Ltd", "Supplies GmbH", "Services Inc", "& Sons", "SARL"), rnd);
        y = w.line(company, left, y, bold, 26, 1.6);
        y = w.line((1 + rnd.nextInt(200)) + " " + TextOps.pick(List.of("Market Street", "Station Road", "Hill Avenue",
                "Park Lane"), rnd), left, y, body, 14, 1.4);
        y = w.line("Phone " + (100 + rnd.nextInt(900)) + " " + (1000 + rnd.nextInt(9000)) + " " + (1000 + rnd.nextInt(9000)),
                left, y, body, 14, 2.4);
        y = w.line("INVOICE", left, y, bold, 22, 1.8);
        y = w.line("Invoice No: INV-" + (10000 + rnd.nextInt(90000)), left, y, body, 15, 1.4);
        y = w.line("Date: " + TextOps.date(rnd), left, y, body, 15, 1.4);
        y = w.line("Bill to: " + TextOps.pick(TextOps.NAMES, rnd), left, y, body, 15, 2.4);
        int[] cols = {left, left + (int) (330 * w.scale), left + (int) (430 * w.scale), left + (int) (580 * w.scale)};
        w.cell("Item", cols[0], y, bold, 15);
        w.cell("Qty", cols[1], y, bold, 15);
        w.cell("Price", cols[2], y, bold, 15);
        y = w.cell("Amount", cols[3], y, bold, 15);
        w.rule(left, y - (int) (12 * w.scale), width - left);
        int rows = 4 + rnd.nextInt(7);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int qty = 1 + rnd.nextInt(12);
            double price = 1 + rnd.nextInt(30000) / 100.0;
            total += qty * price;
            w.cell(TextOps.pick(TextOps.ITEMS, rnd), cols[0], y, body, 15);
            w.cell(Integer.toString(qty), cols[1], y, body, 15);
            w.cell(String.format(Locale.ROOT, "%.2f", price), cols[2], y, body, 15);
            y = w.cell(String.format(Locale.ROOT, "%.2f", qty * price), cols[3], y, body, 15);
        }
        w.rule(left, y - (int) (10 * w.scale), width - left);
        y += (int) (10 * w.scale);
        w.cell("Subtotal", cols[2], y, body, 15);
        y = w.cell(String.format(Locale.ROOT, "%.2f", total), cols[3], y, body, 15);
        w.cell("Tax 20%", cols[2], y, body, 15);
        y = w.cell(String.format(Locale.ROOT, "%.2f", total * 0.2), cols[3], y, body, 15);
        w.cell("Total", cols[2], y, bold, 17);
        y = w.cell(String.format(Locale.ROOT, "%.2f", total * 1.2), cols[3], y, bold, 17);
        y += (int) (30 * w.scale);
        y = w.line("Payment due within " + (10 + rnd.nextInt(50)) + " days to account DE" + (10 + rnd.nextInt(89)) + " "
                + (1000 + rnd.nextInt(9000)) + " " + (1000 + rnd.nextInt(9000)) + " " + (1000 + rnd.nextInt(9000)), left, y,
                body, 13, 1.5);
        w.line("Thank you for your order.", left, y, body, 13, 1.5);
    }

    private static void letter(Writer w, int width, int height, SplittableRandom rnd) {
        String font = TextOps.pick(rnd.nextBoolean() ? FontLibrary.SERIF : FontLibrary.SANS, rnd);
        int size = 14 + rnd.nextInt(5);
        int left = (int) (80 * w.scale);
        int y = (int) (90 * w.scale);
        String sender = TextOps.pick(TextOps.NAMES, rnd);
        y = w.line(sender, left, y, font, size + 2, 1.4);
        y = w.line((1 + rnd.nextInt(300)) + " " + TextOps.pick(List.of("Elm Street", "Rue Verte", "Lindenweg",
                "Via Roma"), rnd), left, y, font, size, 1.4);
        y = w.line(TextOps.date(rnd), left, y, font, size, 2.5);
        y = w.line("Dear " + TextOps.pick(TextOps.NAMES, rnd) + ",", left, y, font, size, 2.0);
        int paragraphs = 3 + rnd.nextInt(3);
        int right = width - left;
        for (int p = 0; p < paragraphs && y < height - 200 * w.scale; p++) {
            int words = 25 + rnd.nextInt(40);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < words; i++) {
                String word = rnd.nextInt(9) == 0 ? TextOps.amount(rnd) : TextOps.pick(TextOps.WORDS, rnd);
                sb.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word).append(' ');
            }
            y = w.paragraph(sb.toString().trim() + ".", left, right, y, font, size);
            y += (int) (size * 0.9 * w.scale);
        }
        y = w.line("Sincerely,", left, y, font, size, 2.5);
        w.line(sender, left, y, font, size, 1.4);
    }

    private static void form(Writer w, int width, SplittableRandom rnd) {
        String label = TextOps.pick(FontLibrary.SANS, rnd);
        String value = rnd.nextBoolean() ? TextOps.pick(FontLibrary.MONO, rnd) : TextOps.pick(FontLibrary.SANS, rnd);
        int left = (int) (70 * w.scale);
        int y = (int) (90 * w.scale);
        y = w.line(TextOps.pick(List.of("Application Form", "Registration Form", "Claim Form", "Transfer Order"), rnd),
                left, y, "liberation/LiberationSans-Bold.ttf", 24, 2.2);
        String[][] fields = {{"Name", TextOps.pick(TextOps.NAMES, rnd)}, {"Date of birth", TextOps.date(rnd)},
                {"Address", (1 + rnd.nextInt(300)) + " " + TextOps.pick(List.of("Oak Road", "Canal Street", "Hauptstrasse"), rnd)},
                {"Account number", Long.toString(100000000L + rnd.nextInt(900000000))},
                {"Amount", TextOps.amount(rnd) + " EUR"}, {"Reference", "REF-" + (1000 + rnd.nextInt(9000))},
                {"Date", TextOps.date(rnd)}, {"Approved by", TextOps.pick(TextOps.NAMES, rnd)}};
        int valueX = left + (int) (230 * w.scale);
        for (String[] f : fields) {
            w.cell(f[0] + ":", left, y, label, 15);
            w.rule(valueX - 6, y + (int) (6 * w.scale), width - left);
            y = w.cell(f[1], valueX, y, value, 16);
            y += (int) (18 * w.scale);
        }
        w.box(left - 10, y, width - 2 * left + 20, (int) (120 * w.scale));
        w.line("Remarks: " + TextOps.pick(TextOps.WORDS, rnd) + " " + TextOps.pick(TextOps.WORDS, rnd) + " "
                + TextOps.pick(TextOps.WORDS, rnd), left, y + (int) (30 * w.scale), label, 14, 1.4);
    }

    /** Draws words and records their boxes. */
    private static final class Writer {
        final Graphics2D g;
        final SplittableRandom rnd;
        final int ink;
        final double scale;
        final List<TextRegion> regions = new ArrayList<>();

        Writer(Graphics2D g, SplittableRandom rnd, int ink, double scale) {
            this.g = g;
            this.rnd = rnd;
            this.ink = ink;
            this.scale = scale;
        }

        /** Draws a line of words at baseline y; returns the next baseline. */
        int line(String text, int x, int y, String fontFile, float size, double spacing) {
            float px = (float) (size * scale);
            Font font = FontLibrary.font(fontFile, px);
            g.setFont(font);
            g.setColor(new Color(ink));
            FontMetrics fm = g.getFontMetrics();
            double cx = x;
            for (String word : text.split(" ")) {
                if (!word.isEmpty()) {
                    double adv = font.getStringBounds(word, g.getFontRenderContext()).getWidth();
                    g.drawString(word, (float) cx, y);
                    double top = y - fm.getAscent();
                    double bottom = y + fm.getDescent();
                    regions.add(new TextRegion(new double[]{cx, top, cx + adv, top, cx + adv, bottom, cx, bottom}, word,
                            true, fontFile, px, ink));
                    cx += adv;
                }
                cx += font.getStringBounds(" ", g.getFontRenderContext()).getWidth();
            }
            return y + (int) Math.round(px * spacing);
        }

        int cell(String text, int x, int y, String fontFile, float size) {
            return line(text, x, y, fontFile, size, 1.7);
        }

        int paragraph(String text, int left, int right, int y, String fontFile, float size) {
            float px = (float) (size * scale);
            Font font = FontLibrary.font(fontFile, px);
            StringBuilder current = new StringBuilder();
            for (String word : text.split(" ")) {
                String trial = current.isEmpty() ? word : current + " " + word;
                if (font.getStringBounds(trial, g.getFontRenderContext()).getWidth() > right - left && !current.isEmpty()) {
                    y = line(current.toString(), left, y, fontFile, size, 1.45);
                    current.setLength(0);
                    current.append(word);
                } else {
                    current.setLength(0);
                    current.append(trial);
                }
            }
            if (!current.isEmpty()) {
                y = line(current.toString(), left, y, fontFile, size, 1.45);
            }
            return y;
        }

        void rule(int x0, int y, int x1) {
            g.setColor(new Color(ink));
            g.fillRect(x0, y, x1 - x0, Math.max(1, (int) Math.round(scale)));
        }

        void box(int x, int y, int w, int h) {
            g.setColor(new Color(ink));
            g.drawRect(x, y, w, h);
        }
    }
}
