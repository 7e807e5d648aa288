package io.streammtl.learn;

import io.streammtl.config.ModelConfigLoader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The spec's ranges on an encoded example: inclusive bounds, open sides, and only the values the model uses. */
class ValueRangesTest {
    private final ValueRanges ranges = new ValueRanges(ModelConfigLoader.parse("""
            features: [{name: a, range: {min: -1, max: 1}}, {name: b, missing: impute, range: {min: 5}}]
            tasks: [{name: y, kind: regression, label_range: {min: 0, max: 10}}]
            """).model());

    private static Example example(float a, Float b, Float y) {
        float[] inputs = {a, b == null ? 0 : b, b == null ? 1 : 0};
        return new Example(0, inputs, new float[] {y == null ? 0 : y}, new boolean[] {y != null});
    }

    @Test
    void shouldAcceptValuesOnTheBounds() {
        assertNull(ranges.check(example(-1, 5f, 0f)));
        assertNull(ranges.check(example(1, 1e30f, 10f)), "b has no upper bound");
    }

    @Test
    void shouldRejectALabelOutsideItsRangeNamingTaskValueAndRange() {
        ValueRejection r = ranges.check(example(0, 6f, 10.5f));
        assertEquals(ValueRejection.Kind.LABEL_OUT_OF_RANGE, r.kind());
        assertEquals("label of task 'y' is 10.5, outside its label_range [0, 10]", r.detail());
        assertEquals(ValueRejection.Kind.LABEL_OUT_OF_RANGE, ranges.check(example(0, 6f, -1e-3f)).kind());
    }

    @Test
    void shouldRejectAFeatureOutsideItsRangeNamingFeatureValueAndRange() {
        ValueRejection r = ranges.check(example(0, 4.5f, 3f));
        assertEquals(ValueRejection.Kind.FEATURE_OUT_OF_RANGE, r.kind());
        assertEquals("feature 'b' is 4.5, outside its range [5, inf]", r.detail());
        assertEquals("feature 'a' is 1.0E30, outside its range [-1, 1]", ranges.check(example(1e30f, 6f, 3f)).detail());
    }

    @Test
    void shouldNotCheckAMissingValueOrAnAbsentLabel() {
        assertNull(ranges.check(example(0, null, null)));
    }

    @Test
    void shouldCheckTheLabelBeforeTheFeatures() {
        assertEquals(ValueRejection.Kind.LABEL_OUT_OF_RANGE, ranges.check(example(1e30f, 0f, 1e30f)).kind());
    }
}
