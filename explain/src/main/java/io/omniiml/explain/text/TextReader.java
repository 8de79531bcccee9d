package io.omniiml.explain.text;

import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.Tesseract;
import net.sourceforge.tess4j.Word;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * OCR of small crops with Tesseract (the system's libtesseract through tess4j). Optional by design: when the
 * library or the language data is missing, {@link #available()} is false and {@link #unavailableReason()} says
 * why, and every read returns no words; nothing throws. One Tesseract handle, used under a lock (it is not
 * thread-safe).
 */
public final class TextReader {
    /** Where Debian's tesseract-ocr-eng puts the data when TESSDATA_PREFIX is not set. */
    public static final Path DEBIAN_TESSDATA = Path.of("/usr/share/tesseract-ocr/5/tessdata");

    /** A recognized word: text, Tesseract's confidence 0..100, and its box in the crop's pixels. */
    public record OcrWord(String text, double confidence, int x, int y, int width, int height) {
    }

    static final int BORDER = 12;

    private final Tesseract tesseract;
    private final String unavailableReason;

    private TextReader(Tesseract tesseract, String unavailableReason) {
        this.tesseract = tesseract;
        this.unavailableReason = unavailableReason;
    }

    /** OCR with language data from TESSDATA_PREFIX, else Debian's folder; "eng". */
    public static TextReader create() {
        String env = System.getenv("TESSDATA_PREFIX");
        return create(env != null && !env.isBlank() ? Path.of(env) : DEBIAN_TESSDATA, "eng");
    }

    /** OCR with the given tessdata folder and language; probes the native library once. */
    public static TextReader create(Path tessdata, String language) {
        if (!Files.isRegularFile(tessdata.resolve(language + ".traineddata"))) {
            return new TextReader(null, "OCR unavailable: no " + language + ".traineddata in " + tessdata
                    + " (install Debian's tesseract-ocr-" + language + " or set TESSDATA_PREFIX)");
        }
        try {
            Tesseract t = new Tesseract();
            t.setDatapath(tessdata.toString());
            t.setLanguage(language);
            t.setVariable("debug_file", "/dev/null");
            BufferedImage probe = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            t.getWords(List.of(probe), ITessAPI.TessPageIteratorLevel.RIL_WORD);
            return new TextReader(t, null);
        } catch (Throwable e) { // UnsatisfiedLinkError / NoClassDefFoundError when libtesseract is missing
            return new TextReader(null, "OCR unavailable: Tesseract could not be loaded (" + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + firstLine(e.getMessage()) : "") + "); install Debian's tesseract-ocr");
        }
    }

    /** A reader that never reads: for callers that do not want OCR. */
    public static TextReader disabled(String reason) {
        return new TextReader(null, reason);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public boolean available() {
        return tesseract != null;
    }

    /** Why OCR is not available (null when it is). */
    public String unavailableReason() {
        return unavailableReason;
    }

    /**
     * The words in a crop, in reading order as Tesseract gives them. Small crops are enlarged so the text
     * is at least about 40 px high (Tesseract reads poorly below ~20 px); boxes are mapped back to the crop.
     *
     * @param singleLine page segmentation "single text line" (7) instead of "single block" (6)
     */
    public List<OcrWord> read(BufferedImage crop, boolean singleLine) {
        if (tesseract == null || crop.getWidth() < 4 || crop.getHeight() < 4) {
            return List.of();
        }
        double scale = crop.getHeight() < 40 ? 40.0 / crop.getHeight() : 1.0;
        scale = Math.min(scale, 4000.0 / crop.getWidth());
        BufferedImage input = withBorder(scale > 1.01 ? enlarge(crop, scale) : crop);
        List<Word> words;
        synchronized (this) {
            try {
                tesseract.setPageSegMode(singleLine ? 7 : 6);
                words = tesseract.getWords(List.of(input), ITessAPI.TessPageIteratorLevel.RIL_WORD);
            } catch (RuntimeException | Error e) {
                return List.of();
            }
        }
        List<OcrWord> out = new ArrayList<>();
        for (Word w : words) {
            String text = w.getText() == null ? "" : w.getText().strip();
            if (text.isEmpty()) {
                continue;
            }
            java.awt.Rectangle r = w.getBoundingBox();
            out.add(new OcrWord(text, w.getConfidence(), (int) Math.round((r.x - BORDER) / scale), (int) Math.round((r.y - BORDER) / scale),
                    (int) Math.round(r.width / scale), (int) Math.round(r.height / scale)));
        }
        return out;
    }

    /**
     * Surrounds the crop with a border in the colour of its edge pixels: Tesseract misses glyphs that touch the
     * image edge, and a tight region crop often does.
     */
    private static BufferedImage withBorder(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        long r = 0, g = 0, b = 0, n = 0;
        for (int x = 0; x < w; x++) {
            for (int y : new int[]{0, h - 1}) {
                int c = src.getRGB(x, y);
                r += (c >> 16) & 255; g += (c >> 8) & 255; b += c & 255; n++;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x : new int[]{0, w - 1}) {
                int c = src.getRGB(x, y);
                r += (c >> 16) & 255; g += (c >> 8) & 255; b += c & 255; n++;
            }
        }
        BufferedImage out = new BufferedImage(w + 2 * BORDER, h + 2 * BORDER, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = out.createGraphics();
        gr.setColor(new java.awt.Color((int) (r / n), (int) (g / n), (int) (b / n)));
        gr.fillRect(0, 0, out.getWidth(), out.getHeight());
        gr.drawImage(src, BORDER, BORDER, null);
        gr.dispose();
        return out;
    }

    private static BufferedImage enlarge(BufferedImage src, double scale) {
        int w = Math.max(1, (int) Math.round(src.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(src.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** Words joined by spaces, keeping only those with confidence >= {@code minConfidence}. */
    public static String join(List<OcrWord> words, double minConfidence) {
        StringBuilder sb = new StringBuilder();
        for (OcrWord w : words) {
            if (w.confidence() >= minConfidence) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(w.text());
            }
        }
        return sb.toString();
    }

    /** Mean confidence of the words (0 when none). */
    public static double meanConfidence(List<OcrWord> words) {
        return words.stream().mapToDouble(OcrWord::confidence).average().orElse(0);
    }
}
