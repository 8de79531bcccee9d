package io.omniiml.core.jpeg;

import io.omniiml.core.image.ImageReadException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bit-exactness against libjpeg on a generated corpus and real JPEGs, and clean refusal of malformed input. */
class JpegCoefficientReaderTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void writeSources() throws IOException {
        for (int[] size : new int[][]{{1, 1}, {33, 17}, {257, 129}, {96, 64}, {8, 8}, {17, 33}}) {
            writePpm(dir.resolve("src_" + size[0] + "x" + size[1] + ".ppm"), size[0], size[1]);
        }
    }

    /** A deterministic test picture: gradients, a sharp edge and noise, so that many coefficients are non-zero. */
    static void writePpm(Path file, int w, int h) throws IOException {
        Random random = new Random(w * 31L + h);
        byte[] header = ("P6\n" + w + " " + h + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] pixels = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int edge = x > w / 2 ? 80 : 0;
                int i = (y * w + x) * 3;
                pixels[i] = (byte) Math.min(255, x * 255 / Math.max(1, w) / 2 + edge + random.nextInt(40));
                pixels[i + 1] = (byte) Math.min(255, y * 255 / Math.max(1, h) / 2 + random.nextInt(60));
                pixels[i + 2] = (byte) Math.min(255, (x ^ y) & 0xFF / 2 + 64 + random.nextInt(20));
            }
        }
        byte[] all = Arrays.copyOf(header, header.length + pixels.length);
        System.arraycopy(pixels, 0, all, header.length, pixels.length);
        Files.write(file, all);
    }

    static Path cjpeg(String name, String size, String... options) throws Exception {
        LibjpegReference.workDir();
        Path out = dir.resolve(name + ".jpg");
        List<String> cmd = new ArrayList<>(List.of("cjpeg"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-outfile", out.toString(), dir.resolve("src_" + size + ".ppm").toString()));
        return LibjpegReference.make(cmd, out);
    }

    @TestFactory
    Stream<DynamicTest> generatedCorpusMatchesLibjpeg() {
        List<DynamicTest> tests = new ArrayList<>();
        String[] sizes = {"1x1", "33x17", "257x129", "96x64", "8x8", "17x33"};
        String[] samplings = {"1x1", "2x1", "2x2", "1x2"};
        int[] qualities = {30, 50, 75, 90, 100};
        int n = 0;
        for (String size : sizes) {
            for (String sampling : samplings) {
                int q = qualities[n++ % qualities.length];
                String base = size + "_s" + sampling + "_q" + q;
                tests.add(test(base, size, "-quality", "" + q, "-sample", sampling));
                tests.add(test(base + "_prog", size, "-quality", "" + q, "-sample", sampling, "-progressive"));
                tests.add(test(base + "_rst", size, "-quality", "" + q, "-sample", sampling, "-restart", "1B"));
            }
            tests.add(test(size + "_gray", size, "-grayscale", "-quality", "85"));
            tests.add(test(size + "_gray_prog_rst", size, "-grayscale", "-progressive", "-restart", "2B"));
            tests.add(test(size + "_opt_rst_rows", size, "-optimize", "-restart", "1", "-sample", "2x2"));
            // scans over several restart intervals per row, and an unusual 3x1 luminance sampling
            tests.add(test(size + "_s3x1", size, "-sample", "3x1,1x1,1x1", "-quality", "60", "-restart", "3B"));
            tests.add(test(size + "_s4x2_prog", size, "-sample", "4x2,1x1,1x1", "-progressive", "-quality", "95"));
        }
        return tests.stream();
    }

    private DynamicTest test(String name, String size, String... options) {
        return DynamicTest.dynamicTest(name, () -> LibjpegReference.assertSameAsLibjpeg(cjpeg(name, size, options)));
    }

    @Test
    void jpegtranRecodingsMatchLibjpeg() throws Exception {
        Path base = cjpeg("base_257", "257x129", "-quality", "80");
        for (List<String> opts : List.of(List.of("-progressive"), List.of("-restart", "5B"),
                List.of("-progressive", "-restart", "1"), List.of("-optimize"))) {
            Path out = dir.resolve("tran_" + String.join("", opts).replace("-", "_") + ".jpg");
            List<String> cmd = new ArrayList<>(List.of("jpegtran", "-copy", "none"));
            cmd.addAll(opts);
            cmd.addAll(List.of("-outfile", out.toString(), base.toString()));
            LibjpegReference.assertSameAsLibjpeg(LibjpegReference.make(cmd, out));
        }
    }

    @TestFactory
    Stream<DynamicTest> realJpegsMatchLibjpeg() {
        Path data = LibjpegReference.shared().resolve("data");
        List<String> files = List.of(
                "sources/natural_photos/bsds500/train/365025.jpg",
                "sources/natural_photos/bsds500/train/309004.jpg",
                "sources/documents_sroie/img/060.jpg",
                "sources/scene_text_icdar2015/img/img_365.jpg",
                "sources/faces_utkface/img/24_1_4_20170103225908457.jpg.chip.jpg",
                "dev/casia_jpeg_samples/images/Sp_S_NNN_A_ani0041_ani0041_0199.jpg",
                "dev/nist16_sample/images/NC2016_2564.jpg",
                "clean/opencv-doc/baboon.jpg",
                "clean/mate-backgrounds/Garden.jpg",
                "clean/python3-skimage/retina.jpg",
                "clean/document_like/opencv_text_motion.jpg");
        return files.stream().map(f -> DynamicTest.dynamicTest(f, () -> {
            Path p = data.resolve(f);
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(p), "missing " + p);
            LibjpegReference.assertSameAsLibjpeg(p);
        }));
    }

    @Test
    void layoutFollowsLibjpegBlockCounts() throws Exception {
        // 33x17 at 2x2: luma 5x3 blocks, chroma ceil(ceil(33/2)/8)=3 x ceil(ceil(17/2)/8)=2 (not MCU-padded 3x2 -> same,
        // but luma would be 6x4 if padded to whole MCUs)
        JpegCoefficients c = JpegCoefficientReader.read(cjpeg("layout", "33x17", "-sample", "2x2"));
        assertEquals(5, c.components().get(0).blocksWide());
        assertEquals(3, c.components().get(0).blocksHigh());
        assertEquals(3, c.components().get(1).blocksWide());
        assertEquals(2, c.components().get(1).blocksHigh());
        assertEquals(5 * 8 * 3 * 8, c.components().get(0).coefficients().length);
    }

    @Test
    void refusesArithmeticCoding() throws Exception {
        Path base = cjpeg("arith_base", "33x17");
        Path out = dir.resolve("arith.jpg");
        LibjpegReference.make(List.of("jpegtran", "-arithmetic", "-outfile", out.toString(), base.toString()), out);
        ImageReadException e = assertThrows(ImageReadException.class, () -> JpegCoefficientReader.read(out));
        assertTrue(e.getMessage().contains("arith.jpg: arithmetic-coded"), e.getMessage());
    }

    @Test
    void refusesTwelveBitAndHugeFramesBeforeAllocating() throws Exception {
        byte[] good = Files.readAllBytes(cjpeg("sof_base", "33x17"));
        int sof = indexOfMarker(good, 0xC0);
        byte[] twelve = good.clone();
        twelve[sof + 4] = 12;
        assertRefused(twelve, "12-bit");
        byte[] huge = good.clone();
        huge[sof + 5] = (byte) 0xFF; // height 65535+
        huge[sof + 6] = (byte) 0xFF;
        huge[sof + 7] = (byte) 0xFF;
        huge[sof + 8] = (byte) 0xFF;
        assertRefused(huge, "exceeds the limit");
        ImageReadException e = assertThrows(ImageReadException.class, () -> JpegCoefficientReader.builder()
                .optMaxPixels(100).build().decode(good, "small.jpg"));
        assertEquals("small.jpg: image of 33x17 pixels exceeds the limit of 100 pixels", e.getMessage());
    }

    @Test
    void refusesTruncatedAndCorruptData() throws Exception {
        byte[] good = Files.readAllBytes(cjpeg("trunc_base", "96x64", "-quality", "90"));
        assertRefused(Arrays.copyOf(good, good.length / 2), "truncated");
        assertRefused(Arrays.copyOf(good, 3), "no SOI");
        assertRefused(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}, "no frame header");
        int sos = indexOfMarker(good, 0xDA);
        int sof = indexOfMarker(good, 0xC0);
        // scan before frame: move SOS ahead by swapping the SOF marker code with an APP marker
        byte[] noFrame = good.clone();
        noFrame[sof + 1] = (byte) 0xE5;
        assertRefused(noFrame, "before the frame header");
        // a scan that names a Huffman table slot never defined
        byte[] missingTable = good.clone();
        missingTable[sos + 6] = 0x33;
        assertRefused(missingTable, "never defined");
        // garbage entropy data: all ones is never a valid complete code sequence here
        byte[] badCodes = good.clone();
        int dataStart = sos + 2 + ((good[sos + 2] & 0xFF) << 8 | good[sos + 3] & 0xFF);
        Arrays.fill(badCodes, dataStart, dataStart + 40, (byte) 0xFE);
        assertRefused(badCodes, "corrupt");
    }

    @Test
    void refusesScanBombs() throws Exception {
        byte[] good = Files.readAllBytes(cjpeg("bomb_base", "8x8", "-grayscale", "-progressive"));
        // repeat the first scan (DC first pass: decodes the same way every time) far more often than any encoder would
        int firstScan = indexOfMarker(good, 0xDA);
        int next = firstScan + 2;
        while (!((good[next] & 0xFF) == 0xFF && (good[next + 1] & 0xFF) != 0 && (good[next + 1] & 0xFF) != 0xFF)) {
            next++;
        }
        byte[] scan = Arrays.copyOfRange(good, firstScan, next);
        java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
        bomb.write(good, 0, good.length - 2);
        for (int i = 0; i < JpegCoefficientReader.MAX_SCANS; i++) {
            bomb.write(scan);
        }
        bomb.write(new byte[]{(byte) 0xFF, (byte) 0xD9});
        assertRefused(bomb.toByteArray(), "more than 500 scans");
    }

    @Test
    void readsCmykWrittenByImageIo() throws Exception {
        Path cmyk = JpegTestFiles.writeCmyk(dir.resolve("cmyk.jpg"), 45, 29);
        JpegCoefficients c = LibjpegReference.assertSameAsLibjpeg(cmyk);
        assertEquals(4, c.components().size());
    }

    private static void assertRefused(byte[] data, String problemPart) {
        ImageReadException e = assertThrows(ImageReadException.class, () -> JpegCoefficientReader.read(data, "t.jpg"));
        assertTrue(e.getMessage().startsWith("t.jpg: ") && e.getMessage().contains(problemPart), e.getMessage());
    }

    static int indexOfMarker(byte[] data, int marker) {
        for (int i = 0; i + 1 < data.length; i++) {
            if ((data[i] & 0xFF) == 0xFF && (data[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }
}
