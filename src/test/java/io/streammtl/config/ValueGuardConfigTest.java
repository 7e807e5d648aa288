package io.streammtl.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tasks[].label_range, features[].range and preprocessing.outlier_guard: parsing and errors naming path and value. */
class ValueGuardConfigTest {
    private static final String SPEC = """
            features:
              - {name: a, range: {min: -1, max: 1}}
              - {name: b, range: {max: 1e6}}
              - {name: c}
              - {name: color, type: categorical, vocabulary: [red]}
            tasks:
              - {name: y, kind: regression, label_range: {min: 0, max: 10}}
              - {name: p, kind: binary}
            """;

    private static ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> ModelConfigLoader.parse(yaml));
    }

    private static String replace(String from, String to) {
        assertTrue(SPEC.contains(from), from);
        return SPEC.replace(from, to);
    }

    @Test
    void shouldReadRangesAndDefaultToAnArmedGuard() {
        ModelConfig config = ModelConfigLoader.parse(SPEC).model();
        assertEquals(new ValueRange(-1.0, 1.0), config.features().get(0).range());
        assertEquals(new ValueRange(null, 1e6), config.features().get(1).range());
        assertNull(config.features().get(2).range());
        assertEquals(new ValueRange(0.0, 10.0), config.tasks().get(0).labelRange());
        assertNull(config.tasks().get(1).labelRange());
        assertEquals(new OutlierGuardConfig(true, 50, 100), config.preprocessing().outlierGuard());
        assertEquals("[-inf, 1000000]", config.features().get(1).range().toString());
    }

    @Test
    void shouldKeepTheLabelRangeInTheSingleTaskBaseline() {
        ModelConfig config = ModelConfigLoader.parse(SPEC).model();
        assertEquals(new ValueRange(0.0, 10.0), config.alone(config.tasks().get(0)).tasks().get(0).labelRange());
    }

    @Test
    void shouldReadTheGuardSettingsOrOff() {
        OutlierGuardConfig guard = ModelConfigLoader.parse(SPEC
                + "preprocessing: {outlier_guard: {deviations: 8.5, min_count: 20}}\n").model().preprocessing().outlierGuard();
        assertEquals(new OutlierGuardConfig(true, 8.5, 20), guard);
        for (String off : new String[] {"off", "'off'", "false"}) {
            guard = ModelConfigLoader.parse(SPEC + "preprocessing: {outlier_guard: " + off + "}\n")
                    .model().preprocessing().outlierGuard();
            assertFalse(guard.enabled(), off);
        }
        guard = ModelConfigLoader.parse(SPEC + "preprocessing: {outlier_guard: on}\n").model().preprocessing().outlierGuard();
        assertEquals(OutlierGuardConfig.defaults(), guard);
    }

    @Test
    void shouldRejectARangeWhoseMaxIsBelowItsMin() {
        ConfigException e = error(replace("label_range: {min: 0, max: 10}", "label_range: {min: 5, max: 1}"));
        assertEquals("tasks[0].label_range.max: 1 is below min 5", e.getMessage());
    }

    @Test
    void shouldRejectAnEmptyRange() {
        assertEquals("features[0].range: empty; expected min, max or both",
                error(replace("range: {min: -1, max: 1}", "range: {}")).getMessage());
    }

    @Test
    void shouldRejectUnknownRangeKeys() {
        ConfigException e = error(replace("range: {min: -1, max: 1}", "range: {min: -1, maximum: 1}"));
        assertEquals("features[0].range.maximum: unknown key; expected one of min, max", e.getMessage());
    }

    @Test
    void shouldRejectBoundsTheModelCannotHold() {
        assertEquals("features[1].range.max: 1.0E39 is beyond float range (the model's values are floats)",
                error(replace("range: {max: 1e6}", "range: {max: 1e39}")).getMessage());
        assertEquals("features[1].range.max: 'big' is not a number",
                error(replace("range: {max: 1e6}", "range: {max: big}")).getMessage());
    }

    @Test
    void shouldRejectALabelRangeOnAClassificationTask() {
        ConfigException e = error(replace("{name: p, kind: binary}", "{name: p, kind: binary, label_range: {max: 1}}"));
        assertEquals("tasks[1].label_range: only regression tasks take a label_range (binary labels are 0 or 1, class"
                + " labels are names)", e.getMessage());
    }

    @Test
    void shouldRejectARangeOnACategoricalFeature() {
        ConfigException e = error(replace("vocabulary: [red]}", "vocabulary: [red], range: {min: 0}}"));
        assertEquals("features[3].range: only numeric features take a range", e.getMessage());
    }

    @Test
    void shouldRejectAnUnknownGuardWord() {
        ConfigException e = error(SPEC + "preprocessing: {outlier_guard: sometimes}\n");
        assertEquals("preprocessing.outlier_guard: 'sometimes' is not on, off or a mapping"
                + " {deviations: 50, min_count: 100}", e.getMessage());
    }

    @Test
    void shouldRejectANonPositiveThreshold() {
        ConfigException e = error(SPEC + "preprocessing: {outlier_guard: {deviations: 0}}\n");
        assertEquals("preprocessing.outlier_guard.deviations: 0 is not a finite number > 0", e.getMessage());
    }

    @Test
    void shouldRejectAMinimumCountBelowTwo() {
        ConfigException e = error(SPEC + "preprocessing: {outlier_guard: {min_count: 1}}\n");
        assertEquals("preprocessing.outlier_guard.min_count: 1 is out of range; expected 2 or more (a deviation"
                + " needs two values)", e.getMessage());
    }

    @Test
    void shouldRejectUnknownGuardKeys() {
        ConfigException e = error(SPEC + "preprocessing: {outlier_guard: {k: 5}}\n");
        assertEquals("preprocessing.outlier_guard.k: unknown key; expected one of deviations, min_count",
                e.getMessage());
    }
}
