package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.data.generate.DriftKind;
import io.streammtl.data.generate.DriftSchedule;
import io.streammtl.data.generate.FriedmanGenerator;
import io.streammtl.learn.drift.DriftLevel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DriftMonitorWarmUpTest {
    private static ModelConfig config(long seed) {
        return ModelConfigLoader.parse("""
                seed: %d
                features: [{name: x1}, {name: x2}, {name: x3}, {name: x4}, {name: x5},
                           {name: x6}, {name: x7}, {name: x8}, {name: x9}, {name: x10}]
                tasks:
                  - {name: y, kind: regression, drift: {detector: adwin, response: none}}
                trunk: {layers: [32]}
                optimizer: {kind: adam, lr: 0.01}
                training: {batch_size: 16}
                metrics: {window: 500}
                """.formatted(seed)).model();
    }

    /** Drift signals a response would act on (the loss rose, or there was no window before to compare with). */
    private static List<DriftSignal> actedOn(long seed, long examples) {
        ModelConfig config = config(seed);
        OnlineLearner learner = new OnlineLearner(config);
        FriedmanGenerator rows = new FriedmanGenerator(DriftSchedule.of(DriftKind.ABRUPT, 2 * examples, 1), seed, 1.0);
        ExampleBatch batch = ExampleBatch.forModel(config);
        List<DriftSignal> out = new ArrayList<>();
        for (long seen = 0; seen < examples; seen += batch.size()) {
            batch.clear();
            while (!batch.isFull()) {
                String[] row = rows.next();
                float[] x = new float[FriedmanGenerator.FEATURES];
                for (int i = 0; i < x.length; i++) {
                    x[i] = Float.parseFloat(row[i]);
                }
                batch.label(batch.add(x), 0, Float.parseFloat(row[x.length]));
            }
            learner.predictThenLearn(batch);
            learner.lastSignals().stream()
                    .filter(s -> s.level() == DriftLevel.DRIFT && !(s.lossAfter() <= s.lossBefore()))
                    .forEach(out::add);
        }
        return out;
    }

    @Test
    void shouldNotSignalADriftToActOnWhileTheLearnerIsStillLearningAStationaryStream() {
        // Over the first 3,000 examples the windowed loss still falls; fed from the first example, ADWIN signalled
        // within the first hundred (no window before to compare with) and a response acted on it.
        List<DriftSignal> signals = new ArrayList<>();
        for (long seed = 1; seed <= 5; seed++) {
            signals.addAll(actedOn(seed, 3_000));
        }
        assertEquals(List.of(), signals);
    }
}
