package io.omniiml.training;

import io.omniiml.training.EngineDoctor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineDoctorTest {
    /** The test JVM runs with the engine settings of scripts/test.sh, so every check must pass here. */
    @Test
    void everyCheckPassesWithTheProjectsEngineSettings() {
        List<EngineDoctor.Check> checks = EngineDoctor.run();
        assertEquals(List.of("allocator", "cpu kernel path", "threads", "jvm memory", "batched forward",
                "training step"), checks.stream().map(EngineDoctor.Check::name).toList());
        checks.forEach(c -> assertTrue(c.passed(), c.line()));
        assertTrue(EngineDoctor.allPassed(checks));
    }

    @Test
    void aFailedCheckPrintsItsRemedy() {
        EngineDoctor.Check failed = new EngineDoctor.Check("threads", false, "8 intra-op thread(s) on 2 core(s)",
                "set OMP_NUM_THREADS");
        assertTrue(failed.line().matches("FAIL threads +8 intra-op thread\\(s\\) on 2 core\\(s\\) -> set OMP_NUM_THREADS"),
                failed.line());
        assertFalse(EngineDoctor.allPassed(List.of(failed)));
    }
}
