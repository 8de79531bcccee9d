package io.omniiml.synth.text;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fonts from the Debian packages fonts-dejavu, fonts-liberation and fonts-freefont-ttf, loaded from their
 * files (never the platform's logical fonts, whose mapping differs between machines).
 */
public final class FontLibrary {
    public static final Path DEFAULT_ROOT = Path.of("/usr/share/fonts/truetype");
    public static final List<String> SANS = List.of("liberation/LiberationSans-Regular.ttf",
            "liberation/LiberationSans-Bold.ttf", "dejavu/DejaVuSans.ttf", "dejavu/DejaVuSansCondensed.ttf",
            "freefont/FreeSans.ttf", "liberation/LiberationSansNarrow-Regular.ttf");
    public static final List<String> SERIF = List.of("liberation/LiberationSerif-Regular.ttf",
            "liberation/LiberationSerif-Bold.ttf", "dejavu/DejaVuSerif.ttf", "freefont/FreeSerif.ttf");
    public static final List<String> MONO = List.of("liberation/LiberationMono-Regular.ttf",
            "dejavu/DejaVuSansMono.ttf", "freefont/FreeMono.ttf", "liberation/LiberationMono-Bold.ttf",
            "dejavu/DejaVuSansMono-Bold.ttf");

    private static final Map<String, Font> CACHE = new ConcurrentHashMap<>();

    private FontLibrary() {
    }

    /** The font at {@code relative} (e.g. "dejavu/DejaVuSans.ttf") at the given pixel size. */
    public static Font font(String relative, float size) {
        Font base = CACHE.computeIfAbsent(relative, FontLibrary::load);
        return base.deriveFont(size);
    }

    private static Font load(String relative) {
        Path file = DEFAULT_ROOT.resolve(relative);
        try (var in = Files.newInputStream(file)) {
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read font (install fonts-dejavu, fonts-liberation, "
                    + "fonts-freefont-ttf)", e);
        } catch (FontFormatException e) {
            throw new IllegalStateException(file + ": not a TrueType font", e);
        }
    }
}
