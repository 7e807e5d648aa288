package io.streammtl.compute;

import io.streammtl.compute.cpu.CpuCompute;
import io.streammtl.config.Activation;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.model.ModelBackend;
import io.streammtl.model.NumpyReferenceStep;
import io.streammtl.model.StepOutcome;
import io.streammtl.model.train.MultiTaskTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every compute backend must do: each kernel agrees with a plain-Java reference ({@link KernelReference}), the
 * wine model's step agrees with an independent NumPy step ({@link NumpyReferenceStep}), and training steps of each
 * model shape agree with the CPU backend's. A backend's test extends this class and says how close it must be.
 */
public abstract class ComputeBackendContract {
    /** A fresh backend under test. */
    protected abstract ComputeBackend backend();

    /**
     * Largest allowed difference, relative to max(1, |reference|), of element-wise kernels, reductions and the
     * optimiser updates: 0 (bit for bit) where the backend does the reference's float arithmetic.
     */
    protected abstract double elementTolerance();

    /** The same for GEMM, whose summation order belongs to the BLAS library (the reference sums in double). */
    protected double gemmTolerance() {
        return 1e-5;
    }

    /** The same for a whole training step's outputs and parameters, against the CPU backend. */
    protected double stepTolerance() {
        return elementTolerance() == 0 ? 0 : 1e-4;
    }

    private static float[] random(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (random.nextDouble() * 4 - 2);
        }
        return out;
    }

    private static DeviceBuffer upload(ComputeBackend compute, float[] values) {
        DeviceBuffer buffer = compute.allocate(values.length);
        compute.copyIn(values, buffer, values.length);
        return buffer;
    }

    private static float[] download(ComputeBackend compute, DeviceBuffer buffer) {
        float[] out = new float[buffer.size()];
        compute.copyOut(buffer, out, out.length);
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (tolerance == 0) {
                assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                        what + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
            } else {
                assertEquals(expected[i], actual[i], tolerance * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
            }
        }
    }

    @Test
    void shouldCopyInOutAndBetweenBuffersExactly() {
        ComputeBackend compute = backend();
        float[] values = random(37, 1);
        DeviceBuffer a = upload(compute, values);
        assertArrayEquals(values, download(compute, a));
        DeviceBuffer b = compute.allocate(40);
        assertArrayEquals(new float[40], download(compute, b), "allocate zero-fills");
        compute.copy(a, b, 37);
        float[] copied = download(compute, b);
        assertArrayEquals(values, java.util.Arrays.copyOf(copied, 37));
        assertEquals(0f, copied[39], "only the first length values are copied");
        compute.fill(b, 2.5f);
        float[] filled = new float[40];
        java.util.Arrays.fill(filled, 2.5f);
        assertArrayEquals(filled, download(compute, b));
    }

    @Test
    void shouldWriteStateAsLittleEndianFloatsAndReadItBack() {
        ComputeBackend compute = backend();
        float[] values = random(9, 2);
        DeviceBuffer parameter = upload(compute, values);
        DeviceBuffer moment = compute.allocateOptimizerState(9);
        ByteBuffer state = ByteBuffer.allocate(8 + 2 * 4 * 9).order(ByteOrder.LITTLE_ENDIAN);
        state.putInt(7);
        compute.write(parameter, state);
        compute.write(moment, state);
        state.putInt(8);
        assertEquals(0, state.remaining(), "each write advances by 4 bytes a value");
        ByteBuffer expected = ByteBuffer.allocate(state.capacity()).order(ByteOrder.LITTLE_ENDIAN).putInt(7);
        for (float v : values) {
            expected.putFloat(v);
        }
        expected.position(expected.position() + 4 * 9).putInt(8);
        assertArrayEquals(expected.array(), state.array());

        DeviceBuffer restored = compute.allocateOptimizerState(9);
        DeviceBuffer restoredParameter = compute.allocate(9);
        state.flip().getInt();
        compute.read(state, restoredParameter);
        compute.read(state, restored);
        assertEquals(8, state.getInt());
        assertArrayEquals(values, download(compute, restoredParameter));
    }

    @Test
    void shouldMakeHostViewWritesVisibleAfterCommit() {
        ComputeBackend compute = backend();
        DeviceBuffer buffer = upload(compute, random(5, 3));
        FloatBuffer view = compute.hostView(buffer);
        view.put(3, 42f);
        compute.commitHostView(buffer);
        assertEquals(42f, download(compute, buffer)[3]);
    }

    @ParameterizedTest
    @CsvSource({"false,false,0", "true,false,0", "false,true,0.5", "true,true,1"})
    void shouldMultiplyLikeTheReferenceGemm(boolean transA, boolean transB, float beta) {
        ComputeBackend compute = backend();
        int m = 7;
        int n = 5;
        int k = 9;
        float[] a = random(m * k, 4);
        float[] b = random(k * n, 5);
        float[] c = random(m * n, 6);
        DeviceBuffer out = upload(compute, c);
        compute.gemm(transA, transB, m, n, k, 0.75f, upload(compute, a), upload(compute, b), beta, out);
        assertClose(KernelReference.gemm(transA, transB, m, n, k, 0.75f, a, b, beta, c), download(compute, out),
                gemmTolerance(), "C");
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void shouldAddBiasAndActivateLikeTheReference(Activation activation) {
        ComputeBackend compute = backend();
        int rows = 6;
        int cols = 4;
        float[] z = random(rows * cols + cols, 7);
        float[] bias = random(cols, 8);
        DeviceBuffer out = upload(compute, z);
        compute.addBiasAndActivate(activation, out, upload(compute, bias), rows, cols);
        float[] expected = z.clone();
        for (int i = 0; i < rows * cols; i++) {
            expected[i] = KernelReference.activate(activation, z[i] + bias[i % cols]);
        }
        assertClose(expected, download(compute, out), elementTolerance(), activation + " output (rows past the batch"
                + " untouched)");
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void shouldBackPropagateTheActivationAndSumTheBiasGradient(Activation activation) {
        ComputeBackend compute = backend();
        int rows = 5;
        int cols = 3;
        float[] z = random(rows * cols, 9);
        float[] output = new float[rows * cols];
        for (int i = 0; i < output.length; i++) {
            output[i] = KernelReference.activate(activation, z[i]);
        }
        float[] gradient = random(rows * cols, 10);
        DeviceBuffer grad = upload(compute, gradient);
        DeviceBuffer biasGrad = compute.allocate(cols);
        compute.activationBackward(activation, grad, upload(compute, output), rows, cols, biasGrad);
        float[] expected = new float[rows * cols];
        float[] sums = new float[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                // An inactive ReLU unit passes +0, whatever the sign of dL/da.
                expected[i] = activation == Activation.IDENTITY ? gradient[i]
                        : activation == Activation.RELU ? (output[i] > 0f ? gradient[i] : 0f)
                        : gradient[i] * KernelReference.derivativeFromOutput(activation, output[i]);
                sums[c] += expected[i];
            }
        }
        assertClose(expected, download(compute, grad), elementTolerance(), activation + " dL/dz");
        assertClose(sums, download(compute, biasGrad), elementTolerance(), activation + " bias gradient");
    }

    @Test
    void shouldCopyAndAddStridedColumnBlocks() {
        ComputeBackend compute = backend();
        int rows = 4;
        float[] source = random(rows * 5, 11);
        float[] target = random(rows * 6, 12);
        DeviceBuffer copied = upload(compute, target);
        DeviceBuffer added = upload(compute, target);
        compute.copyColumns(upload(compute, source), 5, 1, copied, 6, 2, 3, rows);
        compute.addColumns(upload(compute, source), 5, 1, added, 6, 2, 3, rows, 0.5f);
        float[] expectedCopy = target.clone();
        float[] expectedAdd = target.clone();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < 3; c++) {
                expectedCopy[r * 6 + 2 + c] = source[r * 5 + 1 + c];
                expectedAdd[r * 6 + 2 + c] = target[r * 6 + 2 + c] + 0.5f * source[r * 5 + 1 + c];
            }
        }
        assertArrayEquals(expectedCopy, download(compute, copied), "copies are exact");
        assertClose(expectedAdd, download(compute, added), elementTolerance(), "added");
    }

    @Test
    void shouldAddSquaresInDouble() {
        ComputeBackend compute = backend();
        float[] values = random(101, 13);
        double expected = 1.5;
        for (int i = 0; i < 100; i++) {
            expected += (double) values[i] * values[i];
        }
        double actual = compute.addSquares(upload(compute, values), 100, 1.5);
        assertEquals(expected, actual, elementTolerance() * Math.abs(expected));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldUpdateLikeTheReferenceAdam(boolean decoupled) {
        ComputeBackend compute = backend();
        int n = 33;
        float[] w = random(n, 14);
        float[] m = new float[n];
        float[] v = new float[n];
        DeviceBuffer values = upload(compute, w);
        DeviceBuffer first = compute.allocateOptimizerState(n);
        DeviceBuffer second = compute.allocateOptimizerState(n);
        float decay = decoupled ? 0.999f : 1f;
        float l2 = decoupled ? 0f : 0.01f;
        for (int step = 1; step <= 3; step++) {
            float[] g = random(n, 20 + step);
            float stepSize = (float) (0.01 / (1 - Math.pow(0.9, step)));
            float correction2 = (float) Math.sqrt(1 - Math.pow(0.999, step));
            compute.adam(values, upload(compute, g), first, second, n, 0.5f, 0.9f, 0.999f, stepSize, correction2,
                    1e-8f, decay, l2, false);
            for (int i = 0; i < n; i++) {
                float[] next = KernelReference.adam(w[i], g[i], m[i], v[i], 0.5f, 0.9f, 0.999f, stepSize, correction2,
                        1e-8f, decay, l2);
                w[i] = next[0];
                m[i] = next[1];
                v[i] = next[2];
            }
        }
        assertClose(w, download(compute, values), elementTolerance(), "values after three steps");
    }

    @Test
    void shouldFlushTinyAdamMomentsWhenAsked() {
        ComputeBackend compute = backend();
        DeviceBuffer values = upload(compute, new float[] {1f, 1f});
        DeviceBuffer first = compute.allocateOptimizerState(2);
        DeviceBuffer second = compute.allocateOptimizerState(2);
        compute.adam(values, upload(compute, new float[] {1e-31f, 1f}), first, second, 2, 1f, 0.9f, 0.999f, 0.1f,
                1f, 1e-8f, 1f, 0f, true);
        ByteBuffer state = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        compute.write(first, state);
        compute.write(second, state);
        state.flip();
        assertEquals(0f, state.getFloat(), "m = 1e-32 is flushed");
        assertTrue(state.getFloat() > 0f, "m = 0.1 stays");
        assertEquals(0f, state.getFloat(), "v = 1e-65 is flushed");
    }

    @Test
    void shouldUpdateLikeTheReferenceScheduleFreeAdamw() {
        ComputeBackend compute = backend();
        int n = 29;
        float[] y = random(n, 40);
        float[] z = new float[n];
        float[] v = new float[n];
        DeviceBuffer values = upload(compute, y);
        DeviceBuffer base = compute.allocateOptimizerState(n);
        DeviceBuffer second = compute.allocateOptimizerState(n);
        for (int step = 1; step <= 3; step++) {
            float[] g = random(n, 40 + step);
            float averaging = 1f / step;
            float yStep = 0.01f * (0.9f * (1 - averaging) - 1);
            float correction2 = (float) Math.sqrt(1 - Math.pow(0.999, step));
            compute.scheduleFreeAdamw(values, upload(compute, g), base, second, n, 0.5f, 0.999f, 0.01f, correction2,
                    1e-8f, 0.1f, averaging, yStep, step == 1, false);
            for (int i = 0; i < n; i++) {
                float[] next = KernelReference.scheduleFreeAdamw(y[i], g[i], z[i], v[i], 0.5f, 0.999f, 0.01f,
                        correction2, 1e-8f, 0.1f, averaging, yStep, step == 1);
                y[i] = next[0];
                z[i] = next[1];
                v[i] = next[2];
            }
        }
        assertClose(y, download(compute, values), elementTolerance(), "values after three steps");
        ByteBuffer state = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        compute.write(base, state);
        float[] actualZ = new float[n];
        state.flip().asFloatBuffer().get(actualZ);
        assertClose(z, actualZ, elementTolerance(), "z after three steps");
    }

    @ParameterizedTest
    @CsvSource({"0,false", "0.9,false", "0.9,true"})
    void shouldUpdateLikeTheReferenceSgd(float momentum, boolean nesterov) {
        ComputeBackend compute = backend();
        int n = 17;
        float[] w = random(n, 30);
        float[] u = new float[n];
        DeviceBuffer values = upload(compute, w);
        DeviceBuffer velocity = compute.allocateOptimizerState(n);
        for (int step = 0; step < 3; step++) {
            float[] g = random(n, 31 + step);
            compute.sgd(values, upload(compute, g), velocity, n, 0.5f, 0.1f, 0.01f, momentum, nesterov, step == 0);
            for (int i = 0; i < n; i++) {
                float d = g[i] * 0.5f + 0.01f * w[i];
                if (momentum != 0f) {
                    u[i] = step == 0 ? d : momentum * u[i] + d;
                    d = nesterov ? d + momentum * u[i] : u[i];
                }
                w[i] = w[i] - 0.1f * d;
            }
        }
        assertClose(w, download(compute, values), elementTolerance(), "values after three steps");
    }

    /**
     * Model shapes: plain trunk; deep heads; feature sets, embeddings and a head reading another; no trunk; a trunk
     * under schedule-free AdamW.
     */
    private static final String[] SHAPES = {
            """
            seed: 1
            features: [{name: a}, {name: b}, {name: c}]
            tasks: [{name: y, kind: regression}, {name: p, kind: binary}, {name: q, kind: multiclass, classes: [r, s, t]}]
            trunk: {layers: [8, 6]}
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 8, clip_norm: 0.5}
            """,
            """
            seed: 2
            features: [{name: a}, {name: b}, {name: c}]
            tasks: [{name: y, kind: regression, loss: huber}, {name: p, kind: binary}]
            trunk: {layers: [6], activation: tanh}
            heads: {hidden: [4, 3], activation: sigmoid}
            optimizer: {kind: sgd, lr: 0.05, momentum: 0.9, nesterov: true}
            weighting: {kind: gradnorm}
            regularizers: {l2: {strength: 0.01}, nuclear: {strength: 0.1, tasks: [y, p]}}
            training: {batch_size: 8}
            """,
            """
            seed: 3
            features:
              - {name: a}
              - {name: b}
              - {name: place, type: categorical, vocabulary: [town, farm], encoding: embedding, embedding_dim: 2}
            tasks:
              - {name: y, kind: regression, features: [a, b]}
              - {name: z, kind: regression, features: [a, place], inputs_from: {task: y, gradient: true}}
            projection: {width: 4}
            trunk: {layers: [5], activation: leaky_relu}
            optimizer: {kind: adamw, lr: 0.01, weight_decay: 0.1}
            training: {batch_size: 8}
            """,
            """
            seed: 4
            features: [{name: a}, {name: b}]
            tasks: [{name: y, kind: regression}, {name: p, kind: binary}]
            trunk: {layers: []}
            heads: {hidden: [3]}
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 8}
            """,
            """
            seed: 5
            features: [{name: a}, {name: b}, {name: c}]
            tasks: [{name: y, kind: regression}, {name: p, kind: binary}]
            trunk: {layers: [6, 4]}
            optimizer: {kind: schedule_free_adamw, lr: 0.01, weight_decay: 0.01}
            training: {batch_size: 8, clip_norm: 0.5}
            """,
    };

    @ParameterizedTest
    @ValueSource(strings = {"step_case_a.json", "step_case_b.json"})
    void shouldTakeTheIndependentNumpyStep(String fixtureName) throws Exception {
        NumpyReferenceStep.assertStepMatches(fixtureName, backend());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void shouldTrainEachModelShapeLikeTheCpuBackend(int shape) {
        ModelConfig config = ModelConfigLoader.parse(SHAPES[shape]).model();
        ModelBackend tested = new MultiTaskTrainer(config, backend(), 8);
        ModelBackend reference = new MultiTaskTrainer(config, new CpuCompute(), 8);
        tested.heads().startBackgroundHead(1, 9);
        reference.heads().startBackgroundHead(1, 9);
        SplittableRandom random = new SplittableRandom(shape);
        int tasks = config.tasks().size();
        int width = config.inputWidth();
        for (int step = 0; step < 3; step++) {
            float[] x = new float[8 * width];
            int[] sets = new int[8];
            float[][] labels = new float[tasks][8];
            boolean[][] labeled = new boolean[tasks][8];
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < width; c++) {
                    x[r * width + c] = (float) random.nextGaussian();
                }
                sets[r] = shape == 2 ? r % 2 : 0;
                if (shape == 2) {
                    x[r * width + width - 1] = random.nextInt(3);
                }
                for (int t = 0; t < tasks; t++) {
                    boolean own = shape != 2 || t == sets[r];
                    labeled[t][r] = own && random.nextDouble() < 0.8;
                    labels[t][r] = config.tasks().get(t).outputs() > 1 ? random.nextInt(3) : random.nextInt(2);
                }
            }
            tested.setFeatureSets(sets, 8);
            reference.setFeatureSets(sets, 8);
            float[][] testedOut = outputs(config);
            float[][] referenceOut = outputs(config);
            StepOutcome a = tested.train(x, 8, labels, labeled, testedOut);
            StepOutcome b = reference.train(x, 8, labels, labeled, referenceOut);
            assertEquals(b.status(), a.status(), "step " + step);
            for (int t = 0; t < tasks; t++) {
                assertClose(referenceOut[t], testedOut[t], stepTolerance(), "outputs of task " + t + ", step " + step);
            }
        }
        assertTrue(tested.heads().hasBackgroundHead(1));
        assertClose(state(reference), state(tested), stepTolerance(), "parameters and optimiser state");
    }

    private static float[][] outputs(ModelConfig config) {
        return config.tasks().stream().map(t -> new float[8 * t.outputs()]).toArray(float[][]::new);
    }

    /** The state as floats (headers and counts included, read as floats: they must match exactly either way). */
    private static float[] state(ModelBackend backend) {
        ByteBuffer out = ByteBuffer.allocate(backend.stateBytes() + 3).order(ByteOrder.LITTLE_ENDIAN);
        backend.writeState(out);
        out.flip();
        float[] floats = new float[(out.limit() + 3) / 4];
        out.limit(out.capacity());
        for (int i = 0; i < floats.length; i++) {
            floats[i] = out.getFloat();
        }
        return floats;
    }
}
