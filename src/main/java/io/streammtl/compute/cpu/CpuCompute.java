package io.streammtl.compute.cpu;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;
import io.streammtl.config.Activation;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * The CPU backend: buffers in ND4J-owned off-heap memory (optimiser state on the Java heap), OpenBLAS GEMM on whole
 * micro-batches through ND4J's binding, hand-written element loops; host views are the buffers themselves. Its
 * kernels reuse scratch arrays, so one instance serves one model (one thread at a time).
 */
public final class CpuCompute implements ComputeBackend {
    private float[] columnSums = new float[0];
    private final OptimizerKernels optimizer = new OptimizerKernels();

    @Override
    public String description() {
        return "cpu (ND4J " + Nd4j.getBackend().getClass().getSimpleName() + ", OpenBLAS sgemm, "
                + Nd4j.factory().blas().getMaxThreads() + " BLAS threads)";
    }

    @Override
    public DeviceBuffer allocate(int size) {
        return CpuBuffer.offHeap(size);
    }

    @Override
    public DeviceBuffer allocateOptimizerState(int size) {
        return CpuBuffer.onHeap(size);
    }

    @Override
    public void copyIn(float[] source, DeviceBuffer target, int length) {
        CpuBuffer.of(target).buffer().put(0, source, 0, length);
    }

    @Override
    public void copyOut(DeviceBuffer source, float[] target, int length) {
        CpuBuffer.of(source).buffer().get(0, target, 0, length);
    }

    @Override
    public void copy(DeviceBuffer source, DeviceBuffer target, int length) {
        CpuBuffer.of(target).buffer().put(0, CpuBuffer.of(source).buffer(), 0, length);
    }

    @Override
    public void fill(DeviceBuffer target, float value) {
        FloatBuffer buffer = CpuBuffer.of(target).buffer();
        for (int i = 0, n = target.size(); i < n; i++) {
            buffer.put(i, value);
        }
    }

    @Override
    public void write(DeviceBuffer source, ByteBuffer out) {
        CpuBuffer cpu = CpuBuffer.of(source);
        int size = cpu.size();
        if (cpu.heap() != null) {
            out.asFloatBuffer().put(cpu.heap(), 0, size);
        } else {
            out.asFloatBuffer().put(cpu.buffer().duplicate().position(0).limit(size));
        }
        out.position(out.position() + 4 * size);
    }

    @Override
    public void read(ByteBuffer in, DeviceBuffer target) {
        CpuBuffer cpu = CpuBuffer.of(target);
        int size = cpu.size();
        if (cpu.heap() != null) {
            in.asFloatBuffer().get(cpu.heap(), 0, size);
        } else {
            cpu.buffer().duplicate().position(0).put(in.asFloatBuffer().limit(size));
        }
        in.position(in.position() + 4 * size);
    }

    @Override
    public FloatBuffer hostView(DeviceBuffer buffer) {
        return CpuBuffer.of(buffer).buffer();
    }

    @Override
    public void commitHostView(DeviceBuffer buffer) {
        // The view is the buffer's own memory.
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, DeviceBuffer a,
                     DeviceBuffer b, float beta, DeviceBuffer c) {
        Blas.gemm(transA, transB, m, n, k, alpha, CpuBuffer.of(a), CpuBuffer.of(b), beta, CpuBuffer.of(c));
    }

    @Override
    public void addBiasAndActivate(Activation activation, DeviceBuffer out, DeviceBuffer bias, int rows, int cols) {
        ActivationKernels.addBiasAndActivate(activation, CpuBuffer.of(out).buffer(), CpuBuffer.of(bias).buffer(),
                rows, cols);
    }

    @Override
    public void activationBackward(Activation activation, DeviceBuffer gradient, DeviceBuffer output, int rows,
                                   int cols, DeviceBuffer biasGrad) {
        if (columnSums.length < cols) {
            columnSums = new float[cols];
        }
        ActivationKernels.backward(activation, CpuBuffer.of(gradient).buffer(), CpuBuffer.of(output).buffer(), rows,
                cols, CpuBuffer.of(biasGrad).buffer(), columnSums);
    }

    @Override
    public void copyColumns(DeviceBuffer source, int sourceWidth, int sourceColumn, DeviceBuffer target,
                            int targetWidth, int targetColumn, int columns, int rows) {
        FloatBuffer to = CpuBuffer.of(target).buffer();
        FloatBuffer from = CpuBuffer.of(source).buffer();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                to.put(r * targetWidth + targetColumn + c, from.get(r * sourceWidth + sourceColumn + c));
            }
        }
    }

    @Override
    public void addColumns(DeviceBuffer source, int sourceWidth, int sourceColumn, DeviceBuffer target,
                           int targetWidth, int targetColumn, int columns, int rows, float scale) {
        FloatBuffer to = CpuBuffer.of(target).buffer();
        FloatBuffer from = CpuBuffer.of(source).buffer();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int at = r * targetWidth + targetColumn + c;
                to.put(at, to.get(at) + scale * from.get(r * sourceWidth + sourceColumn + c));
            }
        }
    }

    @Override
    public double addSquares(DeviceBuffer source, int length, double start) {
        FloatBuffer g = CpuBuffer.of(source).buffer();
        double sum = start;
        for (int i = 0; i < length; i++) {
            double v = g.get(i);
            sum += v * v;
        }
        return sum;
    }

    @Override
    public void adam(DeviceBuffer values, DeviceBuffer gradient, DeviceBuffer first, DeviceBuffer second, int length,
                     float gradientScale, float beta1, float beta2, float stepSize, float correction2, float epsilon,
                     float decay, float l2, boolean flush) {
        optimizer.adam(CpuBuffer.of(values).buffer(), CpuBuffer.of(gradient).buffer(), CpuBuffer.of(first).heap(),
                CpuBuffer.of(second).heap(), length, gradientScale, beta1, beta2, stepSize, correction2, epsilon,
                decay, l2, flush);
    }

    @Override
    public void scheduleFreeAdamw(DeviceBuffer values, DeviceBuffer gradient, DeviceBuffer z, DeviceBuffer second,
                                  int length, float gradientScale, float beta2, float lr, float correction2,
                                  float epsilon, float weightDecay, float averaging, float yStep, boolean first,
                                  boolean flush) {
        optimizer.scheduleFreeAdamw(CpuBuffer.of(values).buffer(), CpuBuffer.of(gradient).buffer(),
                CpuBuffer.of(z).heap(), CpuBuffer.of(second).heap(), length, gradientScale, beta2, lr, correction2,
                epsilon, weightDecay, averaging, yStep, first, flush);
    }

    @Override
    public void sgd(DeviceBuffer values, DeviceBuffer gradient, DeviceBuffer velocity, int length,
                    float gradientScale, float lr, float weightDecay, float momentum, boolean nesterov,
                    boolean first) {
        OptimizerKernels.sgd(CpuBuffer.of(values).buffer(), CpuBuffer.of(gradient).buffer(),
                CpuBuffer.of(velocity).heap(), length, gradientScale, lr, weightDecay, momentum, nesterov, first);
    }
}
