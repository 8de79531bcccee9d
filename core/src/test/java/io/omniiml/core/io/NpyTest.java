package io.omniiml.core.io;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryWrittenType() throws IOException {
        Npy.write(dir.resolve("s.npy"), new short[]{-32768, 0, 7, 32767, -1, 2}, 2, 3);
        NpyArray s = Npy.read(dir.resolve("s.npy"));
        assertEquals("<i2", s.dtype());
        assertArrayEquals(new int[]{2, 3}, s.shape());
        assertArrayEquals(new short[]{-32768, 0, 7, 32767, -1, 2}, s.toShorts());

        Npy.write(dir.resolve("i.npy"), new int[]{Integer.MIN_VALUE, 5, Integer.MAX_VALUE}, 3);
        assertArrayEquals(new int[]{Integer.MIN_VALUE, 5, Integer.MAX_VALUE}, Npy.read(dir.resolve("i.npy")).toInts());

        Npy.write(dir.resolve("f.npy"), new float[]{0.25f, -1.5f, Float.MAX_VALUE, 0f}, 2, 2);
        assertArrayEquals(new float[]{0.25f, -1.5f, Float.MAX_VALUE, 0f}, Npy.read(dir.resolve("f.npy")).toFloats());

        Npy.write(dir.resolve("b.npy"), new byte[]{0, (byte) 255, 1}, 1, 3);
        NpyArray b = Npy.read(dir.resolve("b.npy"));
        assertEquals("|u1", b.dtype());
        assertArrayEquals(new int[]{0, 255, 1}, b.toInts());
    }

    @Test
    void headerIsNumpyCompatible() throws IOException {
        Npy.write(dir.resolve("h.npy"), new short[]{1, 2, 3, 4}, 2, 2);
        byte[] bytes = Files.readAllBytes(dir.resolve("h.npy"));
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64, "data aligned to 64 bytes as numpy does");
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 2), }"), header);
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLength + 8, bytes.length);
    }

    /** Cross-check with numpy itself where python3-numpy is installed (not a build requirement). */
    @Test
    void readsWhatNumpyWritesAndNumpyReadsWhatWeWrite() throws Exception {
        Npy.write(dir.resolve("ours.npy"), new short[]{-5, 6, 7, 8, 9, 10}, 3, 2);
        String script = String.join("\n",
                "import numpy as np, sys",
                "d = sys.argv[1]",
                "a = np.load(d + '/ours.npy'); assert a.dtype == np.int16 and a.shape == (3, 2) and a[0,0] == -5 and a[2,1] == 10",
                "np.save(d + '/u2.npy', np.array([[1, 65535]], dtype='<u2'))",
                "np.save(d + '/f8.npy', np.array([0.5, -2.25]))",
                "np.save(d + '/bool.npy', np.array([True, False, True]))",
                "np.save(d + '/i1.npy', np.array([-3, 4], dtype=np.int8))",
                "np.save(d + '/scalar.npy', np.array(42, dtype='<i4'))",
                "with open(d + '/v2.npy', 'wb') as f: np.lib.format.write_array(f, np.arange(6, dtype='<f4').reshape(2, 3), version=(2, 0))",
                "np.save(d + '/fortran.npy', np.asfortranarray(np.ones((2, 3))))",
                "print('ok')");
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script, dir.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 not available");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        Assumptions.assumeTrue(!out.contains("No module named"), "numpy not installed");
        assertEquals("ok", out);
        assertArrayEquals(new int[]{1, 65535}, Npy.read(dir.resolve("u2.npy")).toInts());
        assertArrayEquals(new float[]{0.5f, -2.25f}, Npy.read(dir.resolve("f8.npy")).toFloats());
        assertArrayEquals(new int[]{1, 0, 1}, Npy.read(dir.resolve("bool.npy")).toInts());
        assertArrayEquals(new int[]{-3, 4}, Npy.read(dir.resolve("i1.npy")).toInts());
        NpyArray scalar = Npy.read(dir.resolve("scalar.npy"));
        assertEquals(0, scalar.shape().length);
        assertArrayEquals(new int[]{42}, scalar.toInts());
        NpyArray v2 = Npy.read(dir.resolve("v2.npy"));
        assertArrayEquals(new int[]{2, 3}, v2.shape());
        assertArrayEquals(new float[]{0, 1, 2, 3, 4, 5}, v2.toFloats());
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(dir.resolve("fortran.npy")));
        assertEquals("fortran.npy: Fortran-order arrays are not supported", e.getMessage());
    }

    @Test
    void badFilesGiveErrorsNamingTheFile() throws IOException {
        Npy.write(dir.resolve("ok.npy"), new int[]{1, 2, 3, 4}, 4);
        byte[] good = Files.readAllBytes(dir.resolve("ok.npy"));
        assertProblem(new byte[]{1, 2, 3}, "not a .npy file (too short)");
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertProblem(magic, "not a .npy file (bad magic)");
        assertProblem(Arrays.copyOf(good, good.length - 2), "truncated .npy data");
        byte[] version = good.clone();
        version[6] = 9;
        assertProblem(version, "unsupported .npy format version 9");
        byte[] longHeader = good.clone();
        longHeader[9] = 0x7F;
        assertProblem(longHeader, "truncated .npy header");
        String text = new String(good, StandardCharsets.ISO_8859_1).replace("<i4", "<c8");
        assertProblem(text.getBytes(StandardCharsets.ISO_8859_1), "unsupported dtype '<c8'");
        String huge = new String(good, StandardCharsets.ISO_8859_1).replace("(4,)", "(9,)");
        assertProblem(huge.getBytes(StandardCharsets.ISO_8859_1), "truncated .npy data");
        assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("x.npy"), new int[3], 2, 2));
    }

    private void assertProblem(byte[] data, String problem) throws IOException {
        Files.write(dir.resolve("bad.npy"), data);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(dir.resolve("bad.npy")));
        assertTrue(e.getMessage().startsWith("bad.npy: " + problem), e.getMessage());
    }
}
