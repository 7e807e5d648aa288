package io.streammtl.model;

import io.streammtl.compute.cpu.CpuCompute;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CPU backend's training step matches the independent numpy step. */
class ReferenceStepTest {
    @ParameterizedTest
    @ValueSource(strings = {"step_case_a.json", "step_case_b.json"})
    void shouldMatchIndependentNumpyStep(String fixtureName) throws Exception {
        NumpyReferenceStep.assertStepMatches(fixtureName, new CpuCompute());
    }
}
