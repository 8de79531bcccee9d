package io.omniiml.model.infer;

import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.concurrent.CancelledException;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.testing.SpliceFixtures;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real network's tile loop honours cancellation: it stops within about a tile, not at the end of the image. */
class NetworkDetectorCancellationTest {
    @Test
    void tileLoopStopsSoonAfterCancellation() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 5)) {
            // small tiles, many of them: 1536x1536 in 128 px tiles with 32 px overlap = 16 x 16 = 256 tiles
            NetworkDetector detector = NetworkDetector.builder().setModel(model).optTileSize(128).optTileOverlap(32).build();
            BufferedImage image = SpliceFixtures.texture(1536, 1536, new Random(3), 3);

            detector.detect(SpliceFixtures.texture(256, 256, new Random(4), 3)); // warm-up: engine, JIT
            long t0 = System.nanoTime();
            Detection full = detector.detect(image);
            double fullSeconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(256.0, full.timingsMs().get("tiles"));
            double perTileSeconds = full.timingsMs().get("network") / 1e3 / 256;

            Cancellation token = new Cancellation();
            long started = System.nanoTime();
            Future<Detection> run = worker.submit(() -> Cancellation.callWith(token, () -> detector.detect(image)));
            // a few tiles in (prepare + 5 tiles of the warm run; 251 tiles remain): inside the tile loop
            double prepareSeconds = full.timingsMs().get("prepare") / 1e3;
            Thread.sleep((long) ((prepareSeconds + 5 * perTileSeconds) * 1000));
            long cancelled = System.nanoTime();
            token.cancel("test");
            ExecutionException e = assertThrows(ExecutionException.class, () -> run.get((long) (fullSeconds * 2) + 10, TimeUnit.SECONDS));
            double stopSeconds = (System.nanoTime() - cancelled) / 1e9;
            assertInstanceOf(CancelledException.class, e.getCause());
            assertTrue(stopSeconds < Math.max(1.0, 10 * perTileSeconds),
                    "stopped " + stopSeconds + " s after the cancel (one tile takes " + perTileSeconds + " s)");
            assertTrue((System.nanoTime() - started) / 1e9 < fullSeconds * 0.5 + 1,
                    "the cancelled run ended well before a full run (" + fullSeconds + " s)");
        } finally {
            worker.shutdownNow();
        }
    }
}
