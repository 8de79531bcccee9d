package io.omniiml.bench;

import io.omniiml.core.jpeg.JpegCoefficientReader;
import io.omniiml.core.jpeg.JpegCoefficients;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Coefficient reading, pure Java vs Debian's {@code jpegtran -copy none} (libjpeg-turbo: reads the coefficients and
 * writes them again) on the same files. Time per file set; {@link JpegVsJpegtran} prints the ratio as a table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JpegReadBenchmark {
    /** A file set: folder under shared/data, extension, how many files. */
    @Param({"sources/natural_photos/bsds500:20", "dev/nist16_sample:1", "sources/documents_sroie:10"})
    public String set;

    private List<byte[]> data;
    private List<Path> paths;

    @Setup
    public void load() throws IOException {
        String[] parts = set.split(":");
        paths = BenchFiles.files(parts[0], ".jpg", Integer.parseInt(parts[1]));
        data = new ArrayList<>();
        for (Path p : paths) {
            data.add(Files.readAllBytes(p));
        }
    }

    @Benchmark
    public void javaReader(Blackhole bh) throws IOException {
        for (byte[] d : data) {
            JpegCoefficients c = JpegCoefficientReader.read(d, "bench");
            bh.consume(c);
        }
    }

    @Benchmark
    public void jpegtranProcess() throws IOException, InterruptedException {
        for (Path p : paths) {
            JpegVsJpegtran.runJpegtran(p);
        }
    }
}
