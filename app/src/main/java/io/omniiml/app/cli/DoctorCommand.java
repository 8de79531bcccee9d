package io.omniiml.app.cli;

import io.omniiml.api.ExitCodes;
import io.omniiml.training.EngineDoctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code omniiml doctor}: this machine's engine, one line per check, exit 0 only when every check passes. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Checks this machine's deep-learning engine in a few seconds, one line per check with the remedy",
                "when it fails: allocator, CPU kernel path, threads, JVM memory, a batched forward against the float64",
                "reference, finite loss and gradients on fresh training steps. Exit 0 only if all pass.",
                "`omniiml train` runs the same checks before its first step."})
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("engine " + EngineDoctor.engineDescription());
        List<EngineDoctor.Check> checks = EngineDoctor.run();
        checks.forEach(c -> out.println(c.line()));
        boolean ok = EngineDoctor.allPassed(checks);
        out.println(ok ? "all checks passed" : "some checks FAILED: see the remedies above");
        out.flush();
        return ok ? ExitCodes.OK : ExitCodes.SOME_FAILED;
    }
}
