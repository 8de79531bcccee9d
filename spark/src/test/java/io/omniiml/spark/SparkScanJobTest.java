package io.omniiml.spark;

import io.omniiml.api.ExitCodes;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkScanJobTest {
    @TempDir
    Path tmp;

    @Test
    void scansAFolderIntoParquetAndReportsTheFailedFile() throws Exception {
        TestImages.spark(); // the job joins the running session instead of starting its own
        Path images = Files.createDirectories(tmp.resolve("images"));
        TestImages.write(images, "a.png", 48, 32, 31);
        TestImages.corrupt(images, "bad.jpg");
        String out = tmp.resolve("out").toString();
        String[] args = {"--input", images.toString(), "--output", out, "--detector", TestImages.DETECTOR,
                "--mask-format", "RLE", "--partitions", "2"};

        assertEquals(ExitCodes.SOME_FAILED, SparkScanJob.commandLine().execute(args));
        List<Row> rows = OmniImlSpark.readResults(TestImages.spark(), out).collectAsList();
        assertEquals(2, rows.size());
        assertTrue(rows.stream().anyMatch(r -> r.getAs(ResultSchema.MASK) instanceof String));
        assertEquals(ExitCodes.OK, SparkScanJob.commandLine().execute(args), "nothing new: nothing failed");
    }

    @Test
    void usageErrorsExitWithTwo() {
        StringWriter err = new StringWriter();
        int code = SparkScanJob.commandLine().setErr(new PrintWriter(err))
                .execute("--input", "x", "--output", "y", "--mask-format", "gif");
        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().contains("gif"), err.toString());
        assertEquals(ExitCodes.OK, SparkScanJob.commandLine().setOut(new PrintWriter(new StringWriter())).execute("--help"));
    }
}
