package io.omniiml.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the {@code omniiml} command line in-process and checks its exit code. */
final class CliRun {
    private CliRun() {
    }

    /** {stdout, stderr} of {@code omniiml ARGS}, after asserting the exit code (the message shows both streams). */
    static String[] run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = OmniIml.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertEquals(expectedExit, code, out + "\n" + err);
        return new String[] {out.toString(), err.toString()};
    }
}
