package io.streammtl.compute.cpu;

import io.streammtl.compute.DeviceBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

/**
 * A CPU buffer, allocated once and reused every step: off-heap memory owned by an ND4J array, which BLAS reads
 * through {@link #pointer()} and element loops through {@link #buffer()}; or, for optimiser state, a Java array,
 * where the optimiser's loop vectorises.
 */
final class CpuBuffer implements DeviceBuffer {
    private final int size;
    /** Owns the off-heap memory (null for heap state): the pointer and the buffer are views that must not outlive it. */
    private final INDArray array;
    private final FloatPointer pointer;
    private final FloatBuffer buffer;
    private final float[] heap;

    private CpuBuffer(int size, INDArray array, float[] heap) {
        this.size = size;
        this.array = array;
        this.heap = heap;
        this.pointer = array == null ? null : (FloatPointer) array.data().addressPointer();
        this.buffer = array == null ? FloatBuffer.wrap(heap) : array.data().asNioFloat();
    }

    static CpuBuffer offHeap(int size) {
        return new CpuBuffer(size, Nd4j.zeros(DataType.FLOAT, 1, Math.max(size, 1)), null);
    }

    static CpuBuffer onHeap(int size) {
        return new CpuBuffer(size, null, new float[size]);
    }

    static CpuBuffer of(DeviceBuffer buffer) {
        return (CpuBuffer) buffer;
    }

    @Override
    public int size() {
        return size;
    }

    FloatPointer pointer() {
        if (pointer == null) {
            throw new IllegalStateException("optimiser state is not a BLAS operand");
        }
        return pointer;
    }

    /** Absolute get/put only (its position is never moved). */
    FloatBuffer buffer() {
        return buffer;
    }

    /** The Java array of an optimiser-state buffer, else null. */
    float[] heap() {
        return heap;
    }
}
