package io.streammtl.compute;

import io.streammtl.config.Activation;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * The kernels a training step runs, over row-major buffers the backend allocates and owns: parameters, gradients,
 * activations and optimiser state stay resident; only a batch's inputs and output gradients are copied in and its
 * outputs copied out. A backend implements kernels and owns memory, nothing else: the model, its heads and the
 * training step are written once above this interface.
 *
 * <p>Scope: the hot path (dense layers forward and backward, head wiring, gradient norms, optimiser updates) is
 * kernels. Rarely used or inherently host-side work (losses on the outputs that are copied out anyway for
 * prediction, feature-set routing and embedding look-ups, penalties and proximal steps of regularisers, GradNorm's
 * scalar updates, coherence penalties) runs on host copies taken with {@link #hostView} and handed back with
 * {@link #commitHostView}; on the CPU both are free (the view is the buffer's own memory), on a device they are a
 * copy out and a copy in.
 */
public interface ComputeBackend {
    /** The backend and device in words, for the start-up line. */
    String description();

    /** A zero-filled buffer of {@code size} floats. */
    DeviceBuffer allocate(int size);

    /** A zero-filled buffer that only the optimiser kernels touch (moments, velocity). */
    DeviceBuffer allocateOptimizerState(int size);

    /** Copies {@code length} values from the host into the start of {@code target}. */
    void copyIn(float[] source, DeviceBuffer target, int length);

    /** Copies the first {@code length} values of {@code source} to the host. */
    void copyOut(DeviceBuffer source, float[] target, int length);

    /** Copies the first {@code length} values of {@code source} into {@code target}. */
    void copy(DeviceBuffer source, DeviceBuffer target, int length);

    /** Sets every value of {@code target}. */
    void fill(DeviceBuffer target, float value);

    /** Writes the whole buffer to {@code out} as floats in {@code out}'s byte order (model state). */
    void write(DeviceBuffer source, ByteBuffer out);

    /** Reads the whole buffer from {@code in}, as {@link #write} wrote it. */
    void read(ByteBuffer in, DeviceBuffer target);

    /**
     * The buffer's values in host memory for host-side work (absolute get/put only): on the CPU the buffer itself;
     * a device backend copies it out. Writes reach the buffer at {@link #commitHostView}.
     */
    FloatBuffer hostView(DeviceBuffer buffer);

    /** Makes host writes into {@link #hostView}'s view visible to the kernels (nothing to do on the CPU). */
    void commitHostView(DeviceBuffer buffer);

    /** C[m×n] = alpha·op(A)·op(B) + beta·C, row-major; op transposes when asked. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, DeviceBuffer a, DeviceBuffer b,
              float beta, DeviceBuffer c);

    /** out[r][c] = act(out[r][c] + bias[c]) for the first {@code rows} rows of width {@code cols}. */
    void addBiasAndActivate(Activation activation, DeviceBuffer out, DeviceBuffer bias, int rows, int cols);

    /**
     * Turns dL/da in {@code gradient} into dL/dz in place, the derivative taken from the output a = act(z), and
     * writes the column sums of dL/dz (the bias gradient) into {@code biasGrad}.
     */
    void activationBackward(Activation activation, DeviceBuffer gradient, DeviceBuffer output, int rows, int cols,
                            DeviceBuffer biasGrad);

    /**
     * target[r, targetColumn + c] = source[r, sourceColumn + c] for c &lt; columns and r &lt; rows; the widths are
     * the row strides.
     */
    void copyColumns(DeviceBuffer source, int sourceWidth, int sourceColumn, DeviceBuffer target, int targetWidth,
                     int targetColumn, int columns, int rows);

    /** As {@link #copyColumns}, adding scale·source to what is in target. */
    void addColumns(DeviceBuffer source, int sourceWidth, int sourceColumn, DeviceBuffer target, int targetWidth,
                    int targetColumn, int columns, int rows, float scale);

    /** {@code sum} + Σ v² over the first {@code length} values, accumulated in double. */
    double addSquares(DeviceBuffer source, int length, double sum);

    /**
     * One Adam/AdamW update of {@code length} values (PyTorch's arithmetic, ε after the bias-corrected root):
     * g = gradient·gradientScale + l2·w; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
     * w = w·decay − stepSize·m / (√v / correction2 + ε); with {@code flush}, moments below 1e-30 become 0.
     */
    void adam(DeviceBuffer values, DeviceBuffer gradient, DeviceBuffer first, DeviceBuffer second, int length,
              float gradientScale, float beta1, float beta2, float stepSize, float correction2, float epsilon,
              float decay, float l2, boolean flush);

    /**
     * One schedule-free AdamW update (Defazio et al. 2024, arXiv 2405.15682) of {@code length} values, in the
     * reference implementation's form where the values hold y, the point where gradients are taken, and
     * {@code z} the base sequence (set to y on the {@code first} step): g = gradient·gradientScale;
     * v = β2·v + (1−β2)·g²; u = g / (√v / correction2 + ε) + weightDecay·y; y = y + averaging·(z − y) + yStep·u;
     * z = z − lr·u; with {@code flush}, v below 1e-30 becomes 0.
     */
    void scheduleFreeAdamw(DeviceBuffer values, DeviceBuffer gradient, DeviceBuffer z, DeviceBuffer second, int length,
                           float gradientScale, float beta2, float lr, float correction2, float epsilon,
                           float weightDecay, float averaging, float yStep, boolean first, boolean flush);

    /**
     * One SGD update of {@code length} values: g = gradient·gradientScale + weightDecay·w; with momentum,
     * u = g on the first step, else momentum·u + g, and g = u (or g + momentum·u for Nesterov); w = w − lr·g.
     */
    void sgd(DeviceBuffer values, DeviceBuffer gradient, DeviceBuffer velocity, int length, float gradientScale,
             float lr, float weightDecay, float momentum, boolean nesterov, boolean first);
}
