package io.omniiml.explain.text;

import com.sun.jna.Pointer;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.TessAPI;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * OCR of small crops with Tesseract (the system's libtesseract through tess4j's JNA mapping {@link TessAPI}, fed
 * 8-bit grey pixels directly: tess4j's BufferedImage path goes through lept4j, which needs a newer Leptonica than
 * Debian 12 ships). Optional by design: when the
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

    private final TessAPI api;
    private final ITessAPI.TessBaseAPI handle;
    private final String unavailableReason;

    private TextReader(TessAPI api, ITessAPI.TessBaseAPI handle, String unavailableReason) {
        this.api = api;
        this.handle = handle;
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
            return new TextReader(null, null, "OCR unavailable: no " + language + ".traineddata in " + tessdata
                    + " (install Debian's tesseract-ocr-" + language + " or set TESSDATA_PREFIX)");
        }
        try {
            TessAPI api = TessAPI.INSTANCE;
            ITessAPI.TessBaseAPI handle = api.TessBaseAPICreate();
            if (api.TessBaseAPIInit3(handle, tessdata.toString(), language) != 0) {
                api.TessBaseAPIDelete(handle);
                return new TextReader(null, null, "OCR unavailable: Tesseract could not load " + language + " from " + tessdata);
            }
            api.TessBaseAPISetVariable(handle, "debug_file", "/dev/null");
            return new TextReader(api, handle, null);
        } catch (Throwable e) { // UnsatisfiedLinkError / NoClassDefFoundError when libtesseract is missing
            return new TextReader(null, null, "OCR unavailable: Tesseract could not be loaded (" + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + firstLine(e.getMessage()) : "") + "); install Debian's tesseract-ocr");
        }
    }

    /** A reader that never reads: for callers that do not want OCR. */
    public static TextReader disabled(String reason) {
        return new TextReader(null, null, reason);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public boolean available() {
        return handle != null;
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
        if (handle == null || crop.getWidth() < 4 || crop.getHeight() < 4) {
            return List.of();
        }
        double scale = crop.getHeight() < 40 ? 40.0 / crop.getHeight() : 1.0;
        scale = Math.min(scale, 4000.0 / crop.getWidth());
        BufferedImage input = withBorder(scale > 1.01 ? enlarge(crop, scale) : crop);
        int w = input.getWidth();
        int h = input.getHeight();
        ByteBuffer grey = ByteBuffer.allocateDirect(w * h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = input.getRGB(x, y);
                grey.put((byte) ((((c >> 16) & 255) * 299 + ((c >> 8) & 255) * 587 + (c & 255) * 114) / 1000));
            }
        }
        grey.flip();
        List<OcrWord> out = new ArrayList<>();
        synchronized (this) {
            try {
                api.TessBaseAPISetPageSegMode(handle, singleLine ? 7 : 6);
                api.TessBaseAPISetImage(handle, grey, w, h, 1, w);
                if (api.TessBaseAPIRecognize(handle, null) != 0) {
                    return List.of();
                }
                ITessAPI.TessResultIterator ri = api.TessBaseAPIGetIterator(handle);
                if (ri == null) {
                    return List.of();
                }
                try {
                    ITessAPI.TessPageIterator pi = api.TessResultIteratorGetPageIterator(ri);
                    int level = ITessAPI.TessPageIteratorLevel.RIL_WORD;
                    IntBuffer l = IntBuffer.allocate(1);
                    IntBuffer t = IntBuffer.allocate(1);
                    IntBuffer r = IntBuffer.allocate(1);
                    IntBuffer b = IntBuffer.allocate(1);
                    do {
                        Pointer p = api.TessResultIteratorGetUTF8Text(ri, level);
                        if (p == null) {
                            break;
                        }
                        String text = p.getString(0, "UTF-8").strip();
                        api.TessDeleteText(p);
                        float conf = api.TessResultIteratorConfidence(ri, level);
                        api.TessPageIteratorBoundingBox(pi, level, l, t, r, b);
                        if (!text.isEmpty()) {
                            out.add(new OcrWord(text, conf, (int) Math.round((l.get(0) - BORDER) / scale),
                                    (int) Math.round((t.get(0) - BORDER) / scale), (int) Math.round((r.get(0) - l.get(0)) / scale),
                                    (int) Math.round((b.get(0) - t.get(0)) / scale)));
                        }
                    } while (api.TessPageIteratorNext(pi, level) == ITessAPI.TRUE);
                } finally {
                    api.TessResultIteratorDelete(ri);
                    api.TessBaseAPIClear(handle);
                }
            } catch (RuntimeException | Error e) {
                return List.of();
            }
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
        List<Integer> edge = new ArrayList<>();
        for (int x = 0; x < w; x++) {
            edge.add(src.getRGB(x, 0) & 0xFFFFFF);
            edge.add(src.getRGB(x, h - 1) & 0xFFFFFF);
        }
        for (int y = 0; y < h; y++) {
            edge.add(src.getRGB(0, y) & 0xFFFFFF);
            edge.add(src.getRGB(w - 1, y) & 0xFFFFFF);
        }
        // The median edge luma picks the background even where glyphs touch the crop's edge.
        edge.sort(java.util.Comparator.comparingInt(c -> ((c >> 16) & 255) * 299 + ((c >> 8) & 255) * 587 + (c & 255) * 114));
        BufferedImage out = new BufferedImage(w + 2 * BORDER, h + 2 * BORDER, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = out.createGraphics();
        gr.setColor(new java.awt.Color(edge.get(edge.size() / 2)));
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
