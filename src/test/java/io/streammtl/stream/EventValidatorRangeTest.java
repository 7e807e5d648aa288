package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.learn.Example;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The validator turns values outside their configured range into dead letters naming value and range. */
class EventValidatorRangeTest {
    private final EventValidator validator = new EventValidator(ModelConfigLoader.parse("""
            features:
              - {name: a, range: {min: -1, max: 1}}
              - {name: b, missing: impute, range: {min: 5}}
              - {name: color, type: categorical, vocabulary: [red]}
            tasks:
              - {name: y, kind: regression, label_range: {min: 0, max: 10}}
              - {name: p, kind: binary}
            """).model());

    private static LabeledEvent event(double a, Double b, Double y) {
        Map<String, Double> numeric = new HashMap<>(Map.of("a", a));
        if (b != null) {
            numeric.put("b", b);
        }
        Map<String, Object> labels = new HashMap<>(Map.of("p", 1.0));
        if (y != null) {
            labels.put("y", y);
        }
        return LabeledEvent.newBuilder().setId("e").setModel("m").setEventTime(Instant.EPOCH).setNumeric(numeric)
                .setCategorical(Map.of("color", "red")).setLabels(labels).build();
    }

    private InvalidEventException rejected(LabeledEvent event) {
        return assertThrows(InvalidEventException.class, () -> validator.toExample(event));
    }

    @Test
    void shouldAcceptValuesOnTheBoundsAndAMissingImputedValue() {
        Example example = validator.toExample(event(1, 5.0, 10.0));
        assertEquals(10f, example.labels()[0]);
        validator.toExample(event(-1, null, 0.0));
        validator.toExample(event(0, 1e30, null));
    }

    @Test
    void shouldDeadLetterALabelOutsideItsRange() {
        InvalidEventException e = rejected(event(0, 6.0, 10.5));
        assertEquals(DeadLetterReason.LABEL_OUT_OF_RANGE, e.reason());
        assertEquals("label-out-of-range: label of task 'y' is 10.5, outside its label_range [0, 10]", e.getMessage());
    }

    @Test
    void shouldDeadLetterAFeatureOutsideItsRange() {
        InvalidEventException e = rejected(event(1e30, 6.0, 1.0));
        assertEquals(DeadLetterReason.FEATURE_OUT_OF_RANGE, e.reason());
        assertEquals("feature-out-of-range: feature 'a' is 1.0E30, outside its range [-1, 1]", e.getMessage());
        assertEquals(DeadLetterReason.FEATURE_OUT_OF_RANGE, rejected(event(0, 4.0, 1.0)).reason());
    }

    @Test
    void shouldReportNonFiniteValuesAsSuchRatherThanOutOfRange() {
        assertEquals(DeadLetterReason.NON_FINITE_FEATURE, rejected(event(Double.NaN, 6.0, 1.0)).reason());
        assertEquals(DeadLetterReason.NON_FINITE_FEATURE, rejected(event(1e39, 6.0, 1.0)).reason());
        assertEquals(DeadLetterReason.NON_FINITE_LABEL, rejected(event(0, 6.0, Double.POSITIVE_INFINITY)).reason());
    }
}
