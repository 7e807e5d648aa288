package io.streammtl.optim;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.compute.cpu.CpuCompute;
import io.streammtl.config.OptimizerConfig;
import io.streammtl.config.OptimizerKind;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OptimizerTest {
    private static ParameterGroup group(float value, float gradient) {
        ComputeBackend compute = new CpuCompute();
        DeviceBuffer values = compute.allocate(1);
        DeviceBuffer gradients = compute.allocate(1);
        compute.copyIn(new float[] {value}, values, 1);
        compute.copyIn(new float[] {gradient}, gradients, 1);
        return new ParameterGroup("g", List.of(new Parameter("p", values, gradients, compute)), compute);
    }

    private static float value(ParameterGroup g) {
        float[] out = new float[1];
        g.compute().copyOut(g.parameters().get(0).values(), out, 1);
        return out[0];
    }

    private static float first(ParameterGroup g) {
        return g.compute().hostView(g.parameters().get(0).first()).get(0);
    }

    private static float second(ParameterGroup g) {
        return g.compute().hostView(g.parameters().get(0).second()).get(0);
    }

    private static void gradient(ParameterGroup g, float v) {
        g.compute().copyIn(new float[] {v}, g.parameters().get(0).gradient(), 1);
    }

    @Test
    void shouldFollowPyTorchAdamOverSeveralSteps() {
        double lr = 0.1;
        double b1 = 0.9;
        double b2 = 0.99;
        double eps = 1e-3;
        Optimizer adam = Optimizer.of(new OptimizerConfig(OptimizerKind.ADAM, lr, 0, false, b1, b2, eps, 0));
        ParameterGroup g = group(1f, 0f);
        double p = 1;
        double m = 0;
        double v = 0;
        double[] grads = {0.5, -0.2, 0.3};
        for (int t = 1; t <= grads.length; t++) {
            gradient(g, (float) grads[t - 1]);
            adam.step(g, 1f, 1.0);
            m = b1 * m + (1 - b1) * grads[t - 1];
            v = b2 * v + (1 - b2) * grads[t - 1] * grads[t - 1];
            double denominator = Math.sqrt(v) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
            p -= lr / (1 - Math.pow(b1, t)) * m / denominator;
            assertEquals(p, value(g), 1e-6, "step " + t);
        }
        assertEquals(3, g.steps());
    }

    @Test
    void shouldDecayWeightsDecoupledInAdamW() {
        Optimizer adamw = Optimizer.of(new OptimizerConfig(OptimizerKind.ADAMW, 0.1, 0, false, 0.9, 0.999, 1e-8, 0.5));
        ParameterGroup g = group(2f, 0f);
        adamw.step(g, 1f, 1.0);
        // Zero gradient: only the decay p·(1 − lr·wd) acts.
        assertEquals(2 * (1 - 0.1 * 0.5), value(g), 1e-6);
    }

    @Test
    void shouldApplyGradientScaleForClipping() {
        Optimizer sgd = Optimizer.of(new OptimizerConfig(OptimizerKind.SGD, 0.5, 0, false, 0.9, 0.999, 1e-8, 0));
        ParameterGroup g = group(1f, 4f);
        sgd.step(g, 0.25f, 1.0);
        assertEquals(1 - 0.5 * 1, value(g), 1e-7);
    }

    @Test
    void shouldFollowPyTorchSgdWithNesterovMomentum() {
        Optimizer sgd = Optimizer.of(new OptimizerConfig(OptimizerKind.SGD, 0.1, 0.9, true, 0.9, 0.999, 1e-8, 0));
        ParameterGroup g = group(1f, 1f);
        sgd.step(g, 1f, 1.0);
        // buf = g = 1; update = g + 0.9·buf = 1.9
        assertEquals(1 - 0.1 * 1.9, value(g), 1e-6);
        gradient(g, 2f);
        sgd.step(g, 1f, 1.0);
        // buf = 0.9·1 + 2 = 2.9; update = 2 + 0.9·2.9 = 4.61
        assertEquals(1 - 0.19 - 0.1 * 4.61, value(g), 1e-6);
    }

    @Test
    void shouldFlushTinyMomentsToZeroBeforeTheyTurnDenormal() {
        Optimizer adam = Optimizer.of(new OptimizerConfig(OptimizerKind.ADAM, 0.1, 0, false, 0.9, 0.999, 1e-8, 0));
        ParameterGroup large = group(1f, 1e-20f);
        ParameterGroup tiny = group(1f, 1e-30f);
        adam.step(large, 1f, 1.0);
        adam.step(tiny, 1f, 1.0);
        assertTrue(second(large) > 0f && second(large) < Float.MIN_NORMAL, "v = 0.001·1e-40 is denormal after one step");
        gradient(large, 0f);
        gradient(tiny, 0f);
        float smallest = Float.MAX_VALUE;
        for (int step = 2; step <= 16; step++) {
            adam.step(large, 1f, 1.0);
            adam.step(tiny, 1f, 1.0);
            if (first(tiny) != 0f) {
                smallest = Math.min(smallest, first(tiny));
            }
        }
        // Step 16 flushes moments below 1e-30: v, and m = 1e-31·0.9^15; the larger m = 1e-21·0.9^15 stays.
        assertEquals(0f, second(large));
        assertEquals(0f, first(tiny));
        assertEquals(1e-21f * (float) Math.pow(0.9, 15), first(large), 1e-27f);
        assertTrue(smallest >= Float.MIN_NORMAL, "m stayed a normal float until flushed: " + smallest);
    }

    @Test
    void shouldRestoreValuesMomentsAndStepCount() throws Exception {
        Optimizer adam = Optimizer.of(new OptimizerConfig(OptimizerKind.ADAM, 0.1, 0, false, 0.9, 0.999, 1e-8, 0));
        ParameterGroup g = group(1f, 0.3f);
        adam.step(g, 1f, 1.0);
        ByteBuffer bytes = ByteBuffer.allocate(g.stateBytes());
        g.write(bytes);
        assertEquals(0, bytes.remaining(), "stateBytes is exact");
        ParameterGroup copy = group(0f, 0.3f);
        copy.read(bytes.flip());
        adam.step(g, 1f, 1.0);
        adam.step(copy, 1f, 1.0);
        assertEquals(Float.floatToRawIntBits(value(g)), Float.floatToRawIntBits(value(copy)));
        assertEquals(2, copy.steps());
        ParameterGroup other = new ParameterGroup("h", g.parameters(), g.compute());
        assertThrows(java.io.IOException.class, () -> other.read(bytes.rewind()));
    }

    private static Optimizer scheduleFree() {
        return Optimizer.of(OptimizerConfig.defaults(OptimizerKind.SCHEDULE_FREE_ADAMW));
    }

    @Test
    void shouldContinueScheduleFreeBitForBitAfterARestore() throws Exception {
        Optimizer optimizer = scheduleFree();
        ParameterGroup g = group(1f, 0.3f);
        optimizer.step(g, 1f, 1.0);
        gradient(g, -0.7f);
        optimizer.step(g, 1f, 1.0);
        ByteBuffer bytes = ByteBuffer.allocate(g.stateBytes());
        g.write(bytes);
        ParameterGroup copy = group(0f, -0.7f);
        copy.read(bytes.flip());
        optimizer.step(g, 1f, 1.0);
        optimizer.step(copy, 1f, 1.0);
        assertEquals(Float.floatToRawIntBits(value(g)), Float.floatToRawIntBits(value(copy)));
        assertEquals(Float.floatToRawIntBits(first(g)), Float.floatToRawIntBits(first(copy)), "z");
        assertEquals(3, copy.steps());
    }

    @Test
    void shouldStartScheduleFreeZAtTheValuesAgainAfterAReset() {
        Optimizer optimizer = scheduleFree();
        ParameterGroup g = group(1f, 0.5f);
        for (int step = 0; step < 3; step++) {
            optimizer.step(g, 1f, 1.0);
        }
        float before = value(g);
        g.resetOptimizerState();
        gradient(g, 0f);
        optimizer.step(g, 1f, 1.0);
        // A zero gradient moves nothing, and z restarts at y rather than at the zeroed buffer.
        assertEquals(before, value(g));
        assertEquals(before, first(g));
    }
}
