package io.streammtl.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OptimizerConfigTest {
    private static OptimizerConfig optimizer(String section) {
        return ModelConfigLoader.parse("""
                features: [{name: a}]
                tasks: [{name: y, kind: regression}]
                optimizer: %s
                """.formatted(section)).model().optimizer();
    }

    @Test
    void shouldGiveScheduleFreeAdamwTheAuthorsDefaults() {
        OptimizerConfig config = optimizer("{kind: schedule_free_adamw}");
        assertEquals(OptimizerKind.SCHEDULE_FREE_ADAMW, config.kind());
        assertEquals(0.0025, config.learningRate());
        assertEquals(0.9, config.beta1());
        assertEquals(0.999, config.beta2());
        assertEquals(1e-8, config.epsilon());
        assertEquals(0, config.weightDecay());
    }

    @Test
    void shouldReadScheduleFreeAdamwSettings() {
        OptimizerConfig config = optimizer(
                "{kind: schedule_free_adamw, lr: 0.01, beta1: 0.95, beta2: 0.99, epsilon: 1e-6, weight_decay: 0.1}");
        assertEquals(0.01, config.learningRate());
        assertEquals(0.95, config.beta1());
        assertEquals(0.99, config.beta2());
        assertEquals(1e-6, config.epsilon());
        assertEquals(0.1, config.weightDecay());
    }

    @Test
    void shouldRejectMomentumOnScheduleFreeAdamw() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> optimizer("{kind: schedule_free_adamw, momentum: 0.9}"));
        assertEquals("optimizer.momentum: not used by schedule_free_adamw (only by sgd)", e.getMessage());
    }

    @Test
    void shouldRejectABeta1OfOneInTheConstructor() {
        ConfigException e = assertThrows(ConfigException.class, () -> new OptimizerConfig(
                OptimizerKind.SCHEDULE_FREE_ADAMW, 0.0025, 0, false, 1, 0.999, 1e-8, 0));
        assertEquals("optimizer.beta1", e.path());
    }
}
