package io.omniiml.core.jpeg;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.omniiml.core.image.ImageReadException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzzing of the coefficient reader (Jazzer). In the normal test run this replays the seed corpus and
 * every former crasher in src/test/resources/io/omniiml/core/jpeg/JpegCoefficientReaderFuzzTestInputs/read;
 * with {@code JAZZER_FUZZ=1} it fuzzes (see docs/jpeg.md). Every input must either decode to consistent arrays or
 * end in an ImageReadException: any other exception, an OutOfMemoryError or a hang is a finding.
 */
class JpegCoefficientReaderFuzzTest {
    /** A small pixel cap keeps each execution cheap; the cap check itself is tested in JpegCoefficientReaderTest. */
    private static final JpegCoefficientReader READER = JpegCoefficientReader.builder().optMaxPixels(1 << 22).build();

    @FuzzTest(maxDuration = "5m")
    void read(byte[] data) {
        JpegCoefficients c;
        try {
            c = READER.decode(data, "fuzz.jpg").coefficients();
        } catch (ImageReadException expected) {
            return;
        }
        for (JpegCoefficients.Component comp : c.components()) {
            assertEquals(comp.blocksWide() * comp.blocksHigh() * 64, comp.coefficients().length);
            assertEquals(64, c.quantTableOf(c.components().indexOf(comp)).length);
        }
    }
}
