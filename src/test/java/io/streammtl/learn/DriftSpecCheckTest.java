package io.streammtl.learn;

import io.streammtl.config.ConfigException;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftSpecCheckTest {
    private static ModelConfig spec(String drift) {
        return ModelConfigLoader.parse("""
                features: [{name: a}]
                tasks:
                  - {name: y, kind: regression}
                  - {name: good, kind: binary, drift: %s}
                """.formatted(drift)).model();
    }

    @Test
    void shouldRejectAnUnknownDetectorParameterNamingTheTask() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DriftSpecCheck.check(spec("{detector: adwin, delt: 1}")));
        assertEquals("tasks[1].drift", e.path());
        assertTrue(e.getMessage().contains("delt"), e.getMessage());
    }

    @Test
    void shouldRejectAParameterOutOfRangeNamingTheTask() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DriftSpecCheck.check(spec("{detector: adwin, delta: 2}")));
        assertEquals("tasks[1].drift", e.path());
        assertTrue(e.getMessage().contains("delta"), e.getMessage());
    }

    @Test
    void shouldAcceptKnownParametersInRange() {
        assertDoesNotThrow(() -> DriftSpecCheck.check(spec("{detector: ddm, warning_threshold: 2.5}")));
    }
}
