/**
 * The CPU compute backend: ND4J-owned off-heap buffers, OpenBLAS GEMM through ND4J's JavaCPP binding, and the
 * element-wise kernels as plain loops. It may import {@code compute}, {@code config.Activation}, ND4J and JavaCPP.
 */
package io.streammtl.compute.cpu;
