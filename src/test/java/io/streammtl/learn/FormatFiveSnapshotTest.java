package io.streammtl.learn;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots of format 5 (a recorded spec, no task families), written before format 6 from the same seeded runs as
 * {@link LearnerStateGolden}: restored into the same spec they keep everything and predict as before.
 */
class FormatFiveSnapshotTest {

    @Test
    void shouldPredictTheHeldRowsBitForBitAfterRestoringAFormatFiveSnapshot() throws IOException {
        for (LearnerStateGolden golden : List.of(LearnerStateGolden.WINE_DRIFT, LearnerStateGolden.WINE_BACKGROUND)) {
            String name = golden == LearnerStateGolden.WINE_DRIFT ? "wine-drift" : "wine-background";
            byte[] snapshot = LearnerStateGolden.resource("/state/" + name + "-v5.bin");
            OnlineLearner learner = new OnlineLearner(golden.config());

            learner.restore(snapshot);

            assertTrue(OnlineLearner.keepsDriftDetectors(snapshot));
            BatchPredictions predictions = learner.predict(golden.heldBatch(learner.config()));
            List<float[]> expected = LearnerStateGolden.predictions(
                    LearnerStateGolden.resource("/state/" + name + "-v5.predictions.txt"));
            for (int r = 0; r < expected.size(); r++) {
                for (int t = 0; t < 2; t++) {
                    assertEquals(Float.floatToIntBits(expected.get(r)[t]),
                            Float.floatToIntBits(predictions.value(t, r)), name + " held row " + r + ", task " + t);
                }
            }
        }
        assertEquals(5, SnapshotLayout.of(LearnerStateGolden.resource("/state/wine-drift-v5.bin")).formatVersion());
    }
}
