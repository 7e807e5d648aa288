package io.streammtl.compute;

/**
 * An opaque handle to a float buffer in a {@link ComputeBackend}'s memory (host memory on the CPU, device memory on
 * an accelerator); only the backend that allocated it reads or writes it.
 */
public interface DeviceBuffer {
    /** Number of floats. */
    int size();
}
