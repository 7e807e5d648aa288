package io.streammtl.model;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.DeviceBuffer;

/** Test access to a backend's buffers through its explicit copies and host views. */
public final class Buffers {
    private Buffers() {
    }

    /** The whole buffer, copied to the host. */
    public static float[] copy(ComputeBackend compute, DeviceBuffer buffer) {
        float[] out = new float[buffer.size()];
        compute.copyOut(buffer, out, out.length);
        return out;
    }

    public static float get(ComputeBackend compute, DeviceBuffer buffer, int index) {
        return compute.hostView(buffer).get(index);
    }

    public static void set(ComputeBackend compute, DeviceBuffer buffer, int index, float value) {
        compute.hostView(buffer).put(index, value);
        compute.commitHostView(buffer);
    }
}
