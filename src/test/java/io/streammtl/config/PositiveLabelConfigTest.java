package io.streammtl.config;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PositiveLabelConfigTest {
    private static String spec(String task) {
        return "features: [{name: a}]\ntasks:\n  - " + task + "\n";
    }

    private static LabelSource labelOf(String task) {
        return ModelConfigLoader.parse(spec(task)).model().tasks().get(0).label();
    }

    private static ConfigException error(String task) {
        return assertThrows(ConfigException.class, () -> ModelConfigLoader.parse(spec(task)));
    }

    @Test
    void shouldReadOnePositiveValue() {
        assertEquals(new LabelSource.Positive("direction", Set.of("UP")),
                labelOf("{name: up, kind: binary, label: {column: direction, positive: UP}}"));
    }

    @Test
    void shouldReadAListOfPositiveValuesTrimmed() {
        assertEquals(new LabelSource.Positive("direction", Set.of("UP", "up")),
                labelOf("{name: up, kind: binary, label: {column: direction, positive: [' UP', up]}}"));
    }

    @Test
    void shouldHashTheSameWhateverTheOrderOfThePositiveValues() {
        String first = spec("{name: up, kind: binary, label: {column: d, positive: [UP, up]}}");
        String second = spec("{name: up, kind: binary, label: {column: d, positive: [up, UP]}}");
        assertEquals(ModelSpecHash.of(ModelConfigLoader.parse(first).model()),
                ModelSpecHash.of(ModelConfigLoader.parse(second).model()));
    }

    @Test
    void shouldRejectPositiveValuesOnARegressionTask() {
        ConfigException e = error("{name: y, kind: regression, label: {column: d, positive: UP}}");
        assertEquals("tasks[0].label.positive", e.path());
        assertTrue(e.getMessage().contains("only binary tasks"), e.getMessage());
    }

    @Test
    void shouldRejectPositiveValuesOnAMulticlassTask() {
        assertEquals("tasks[0].label.positive",
                error("{name: y, kind: multiclass, classes: [a, b], label: {column: d, positive: a}}").path());
    }

    @Test
    void shouldRejectPositiveValuesBesideAThreshold() {
        ConfigException e = error("{name: up, kind: binary, label: {column: d, threshold: 1, positive: UP}}");
        assertEquals("tasks[0].label.positive", e.path());
        assertTrue(e.getMessage().contains("either a threshold or positive values"), e.getMessage());
    }

    @Test
    void shouldRejectAnEmptyListOfPositiveValues() {
        assertEquals("tasks[0].label.positive",
                error("{name: up, kind: binary, label: {column: d, positive: []}}").path());
    }

    @Test
    void shouldRejectAnEmptyPositiveValue() {
        ConfigException e = error("{name: up, kind: binary, label: {column: d, positive: [UP, '']}}");
        assertEquals("tasks[0].label.positive", e.path());
        assertTrue(e.getMessage().contains("empty value"), e.getMessage());
    }

    @Test
    void shouldRejectAMappingAsPositiveValues() {
        assertEquals("tasks[0].label.positive",
                error("{name: up, kind: binary, label: {column: d, positive: {a: b}}}").path());
    }
}
