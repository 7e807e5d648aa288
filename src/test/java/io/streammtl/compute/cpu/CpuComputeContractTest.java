package io.streammtl.compute.cpu;

import io.streammtl.compute.ComputeBackend;
import io.streammtl.compute.ComputeBackendContract;

/** The CPU backend passes the contract bit for bit wherever it does the reference's float arithmetic. */
class CpuComputeContractTest extends ComputeBackendContract {
    @Override
    protected ComputeBackend backend() {
        return new CpuCompute();
    }

    @Override
    protected double elementTolerance() {
        return 0;
    }
}
