package io.omniiml.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the {@code omniiml} command line in-process. */
final class CliRun {
    private CliRun() {
    }

    /** Exit code and both output streams of one run. */
    record Result(int exit, String out, String err) {
    }

    /** Exit code, stdout and stderr of {@code omniiml ARGS}. */
    static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = OmniIml.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** {stdout, stderr} of {@code omniiml ARGS}, after asserting the exit code (the message shows both streams). */
    static String[] run(int expectedExit, String... args) {
        Result r = execute(args);
        assertEquals(expectedExit, r.exit(), r.out() + "\n" + r.err());
        return new String[] {r.out(), r.err()};
    }
}
