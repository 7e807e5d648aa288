package io.streammtl.compute.cpu;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * Single-precision GEMM on {@link CpuBuffer} storage through the OpenBLAS binding that ND4J's CPU backend
 * itself uses: one JNI call (well under a microsecond) where {@code Nd4j.gemm} costs 3–15 µs of op
 * set-up per call (see the project's compute notes), which dominates a step on small micro-batches.
 */
final class Blas {
    private Blas() {
    }

    /** C[m×n] = alpha·op(A)·op(B) + beta·C, row-major; op transposes when asked. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, CpuBuffer a, CpuBuffer b,
                     float beta, CpuBuffer c) {
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, a.pointer(), lda, b.pointer(), ldb, beta, c.pointer(), n);
    }
}
