package io.streammtl.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.compute.cpu.CpuCompute;
import io.streammtl.config.OptimizerConfig;
import io.streammtl.config.OptimizerKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Schedule-free AdamW against the paper's algorithm written independently in float64 numpy
 * (src/test/resources/reference/make_schedule_free_reference.py, output checked in beside it), over 25 steps whose
 * gradients are taken at the values the optimiser leaves.
 */
class ScheduleFreeReferenceTest {
    /**
     * Relative to max(1, |reference|). The kernel is float32: each step rounds y and z (about 6e-8 relative) and the
     * float gradient adds a few ulps; the largest difference over the 25 steps is 1.6e-7, so 2e-6 leaves room for a
     * backend's other rounding, while an averaging weight of 1/(t+1) moves step 1 by 1e-3 and decay taken at z
     * instead of y moves step 3 by 1.4e-4.
     */
    private static final double TOLERANCE = 2e-6;

    private static JsonNode cases() throws Exception {
        try (InputStream in = ScheduleFreeReferenceTest.class.getResourceAsStream(
                "/reference/schedule_free_reference.json")) {
            return new ObjectMapper().readTree(in).get("cases");
        }
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void shouldFollowThePapersAlgorithmStepByStep(int index) throws Exception {
        JsonNode c = cases().get(index);
        Optimizer optimizer = Optimizer.of(new OptimizerConfig(OptimizerKind.SCHEDULE_FREE_ADAMW,
                c.get("lr").asDouble(), 0, false, c.get("beta1").asDouble(), c.get("beta2").asDouble(),
                c.get("eps").asDouble(), c.get("weight_decay").asDouble()));
        float[] a = floats(c.get("a"));
        float[] b = floats(c.get("b"));
        int n = a.length;
        ComputeBackend compute = new CpuCompute();
        DeviceBuffer values = compute.allocate(n);
        DeviceBuffer gradients = compute.allocate(n);
        compute.copyIn(floats(c.get("initial")), values, n);
        Parameter parameter = new Parameter("w", values, gradients, compute);
        ParameterGroup group = new ParameterGroup("g", List.of(parameter), compute);
        float[] y = new float[n];
        float[] g = new float[n];
        for (int step = 0; step < c.get("y").size(); step++) {
            compute.copyOut(values, y, n);
            for (int i = 0; i < n; i++) {
                float r = y[i] - b[i];
                g[i] = a[i] * r + r * r * r / 4;
            }
            compute.copyIn(g, gradients, n);
            optimizer.step(group, (float) c.get("gradient_scale").asDouble(), c.get("lr_scale").asDouble());
            compute.copyOut(values, y, n);
            FloatBuffer z = compute.hostView(parameter.first());
            for (int i = 0; i < n; i++) {
                double expectedY = c.get("y").get(step).get(i).asDouble();
                double expectedZ = c.get("z").get(step).get(i).asDouble();
                String where = c.get("name").asText() + ", step " + (step + 1) + ", element " + i;
                assertEquals(expectedY, y[i], TOLERANCE * Math.max(1, Math.abs(expectedY)), "y at " + where);
                assertEquals(expectedZ, z.get(i), TOLERANCE * Math.max(1, Math.abs(expectedZ)), "z at " + where);
            }
        }
        assertEquals(c.get("y").size(), group.steps());
    }
}
