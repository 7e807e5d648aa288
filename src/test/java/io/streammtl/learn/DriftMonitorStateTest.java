package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The drift monitor's state: detectors, loss windows and counts continue exactly, and a state of others is refused. */
class DriftMonitorStateTest {
    private static ModelConfig config(String detector, int window) {
        return ModelConfigLoader.parse("""
                features: [{name: a}]
                tasks:
                  - {name: y, kind: regression, drift: {detector: %s}}
                  - {name: p, kind: binary}
                  - {name: q, kind: binary, drift: {detector: ddm}}
                trunk: {layers: [4]}
                metrics: {window: %d}
                """.formatted(detector, window)).model();
    }

    private static void feed(DriftMonitor monitor, long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            monitor.observe(0, random.nextDouble() * (i > count / 2 ? 3 : 1));
            monitor.observe(2, random.nextDouble() < (i > count / 2 ? 0.6 : 0.2) ? 1 : 0);
        }
    }

    private static byte[] state(DriftMonitor monitor) {
        StateWriter out = new StateWriter();
        monitor.write(out);
        return out.toByteArray();
    }

    @Test
    void shouldContinueExactlyAfterItsStateIsReadIntoAFreshMonitor() throws IOException {
        DriftMonitor uninterrupted = new DriftMonitor(config("adwin", 20));
        feed(uninterrupted, 1, 500);
        byte[] midway = state(uninterrupted);
        feed(uninterrupted, 2, 500);

        DriftMonitor restored = new DriftMonitor(config("adwin", 20));
        restored.read(new StateReader(midway));
        assertArrayEquals(midway, state(restored));
        feed(restored, 2, 500);

        assertArrayEquals(state(uninterrupted), state(restored));
        for (int t : new int[] {0, 2}) {
            assertEquals(uninterrupted.seen(t), restored.seen(t));
            assertEquals(uninterrupted.meanLoss(t, 1), restored.meanLoss(t, 1));
            assertEquals(uninterrupted.level(t), restored.level(t));
        }
    }

    @Test
    void shouldRefuseTheStateOfAnotherDetectorNamingBoth() {
        DriftMonitor adwin = new DriftMonitor(config("adwin", 20));
        feed(adwin, 1, 100);

        IOException e = assertThrows(IOException.class,
                () -> new DriftMonitor(config("page_hinkley", 20)).read(new StateReader(state(adwin))));

        assertTrue(e.getMessage().contains("'adwin'") && e.getMessage().contains("'page_hinkley'"), e.getMessage());
    }

    @Test
    void shouldRefuseTheStateOfAnotherMetricsWindow() {
        DriftMonitor wide = new DriftMonitor(config("adwin", 20));

        IOException e = assertThrows(IOException.class,
                () -> new DriftMonitor(config("adwin", 30)).read(new StateReader(state(wide))));

        assertTrue(e.getMessage().contains("keeps 40 losses"), e.getMessage());
    }
}
