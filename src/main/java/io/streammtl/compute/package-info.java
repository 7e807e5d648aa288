/**
 * The compute seam: the few kernels a training step needs (GEMM, bias and activation, the activation's backward
 * pass, column copies, reductions, the optimiser updates, copies in and out) over buffers that a backend owns.
 * It may import only the JDK and {@code io.streammtl.config.Activation}; backends live in sub-packages
 * ({@code cpu}) and may add their native bindings. Nothing here knows of models, tasks, Kafka or metrics.
 */
package io.streammtl.compute;
