package io.streammtl.optim;

import java.nio.FloatBuffer;

/**
 * One parameter tensor as the optimiser sees it: its values and gradient (views of off-heap storage)
 * and the optimiser's per-element state (Adam's moments, or SGD's velocity), held on the heap.
 */
public final class Parameter {
    private final String name;
    private final FloatBuffer values;
    private final FloatBuffer gradient;
    private final int size;
    private final float[] first;
    private final float[] second;

    public Parameter(String name, FloatBuffer values, FloatBuffer gradient, int size) {
        this.name = name;
        this.values = values;
        this.gradient = gradient;
        this.size = size;
        this.first = new float[size];
        this.second = new float[size];
    }

    public String name() {
        return name;
    }

    public FloatBuffer values() {
        return values;
    }

    public FloatBuffer gradient() {
        return gradient;
    }

    public int size() {
        return size;
    }

    /** First moment (Adam) or velocity (SGD with momentum). */
    float[] first() {
        return first;
    }

    /** Second moment (Adam). */
    float[] second() {
        return second;
    }
}
