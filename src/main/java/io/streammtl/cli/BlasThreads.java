package io.streammtl.cli;

import org.nd4j.linalg.factory.Nd4j;

/** Sets how many threads ND4J's BLAS uses; one suits a learner per stream thread. */
final class BlasThreads {
    private BlasThreads() {
    }

    static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
