package io.streammtl.model;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

/**
 * A row-major float matrix in off-heap memory owned by an ND4J array, allocated once and reused every
 * step: BLAS reads it through {@link #pointer()}, element-wise loops through {@link #buffer()}.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final INDArray array;
    private final FloatPointer pointer;
    private final FloatBuffer buffer;

    /** A zero-filled matrix with room for {@code rows} rows of {@code cols} columns. */
    public Matrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.array = Nd4j.zeros(DataType.FLOAT, rows, cols);
        this.pointer = (FloatPointer) array.data().addressPointer();
        this.buffer = array.data().asNioFloat();
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int size() {
        return rows * cols;
    }

    /** The owning ND4J array (for library operations such as SVD); shares memory with this matrix. */
    public INDArray array() {
        return array;
    }

    FloatPointer pointer() {
        return pointer;
    }

    /** A view for element-wise loops; absolute get/put only (its position is never moved). */
    public FloatBuffer buffer() {
        return buffer;
    }

    public float get(int index) {
        return buffer.get(index);
    }

    public void set(int index, float value) {
        buffer.put(index, value);
    }

    /** Copies {@code length} values from a heap array into the start of this matrix. */
    public void copyFrom(float[] source, int length) {
        buffer.put(0, source, 0, length);
    }

    /** Copies the first {@code length} values of this matrix into a heap array. */
    public void copyTo(float[] target, int length) {
        buffer.get(0, target, 0, length);
    }

    public void fill(float value) {
        for (int i = 0, n = size(); i < n; i++) {
            buffer.put(i, value);
        }
    }
}
