package io.streammtl.learn;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot of format 3 (drift detectors Java-serialised), written by commit 0ecd54c from the same seeded run as
 * {@link LearnerStateGolden#WINE_DRIFT}, still loads after the upgrade: the model predicts exactly as the learner
 * that wrote it, and only the detectors start afresh.
 */
class FormatThreeSnapshotTest {
    private static final String SNAPSHOT = "/state/wine-drift-v3.bin";
    private static final String PREDICTIONS = "/state/wine-drift-v3.predictions.txt";

    @Test
    void shouldKeepTheModelOfAFormatThreeSnapshotBitForBit() throws IOException {
        LearnerStateGolden golden = LearnerStateGolden.WINE_DRIFT;
        OnlineLearner learner = new OnlineLearner(golden.config());
        byte[] snapshot = LearnerStateGolden.resource(SNAPSHOT);

        learner.restore(snapshot);

        assertFalse(OnlineLearner.keepsDriftDetectors(snapshot));
        BatchPredictions predictions = learner.predict(golden.heldBatch(learner.config()));
        List<float[]> expected = LearnerStateGolden.predictions(LearnerStateGolden.resource(PREDICTIONS));
        assertEquals(LearnerStateGolden.HELD_ROWS, expected.size());
        for (int r = 0; r < expected.size(); r++) {
            for (int t = 0; t < 2; t++) {
                assertEquals(Float.floatToIntBits(expected.get(r)[t]), Float.floatToIntBits(predictions.value(t, r)),
                        "held row " + r + ", task " + t);
            }
        }
        assertEquals(LearnerStateGolden.TRAINED_ROWS / learner.config().training().batchSize(),
                learner.counters().applied());
    }

    @Test
    void shouldStartTheDetectorsOfAFormatThreeSnapshotAfresh() throws IOException {
        OnlineLearner learner = new OnlineLearner(LearnerStateGolden.WINE_DRIFT.config());

        learner.restore(LearnerStateGolden.resource(SNAPSHOT));

        assertEquals(0, learner.drift().seen(0));
        assertEquals(0, learner.drift().seen(1));
    }

    @Test
    void shouldWriteTheCurrentFormatAfterRestoringFormatThree() throws IOException {
        OnlineLearner learner = new OnlineLearner(LearnerStateGolden.WINE_DRIFT.config());
        learner.restore(LearnerStateGolden.resource(SNAPSHOT));

        byte[] rewritten = learner.snapshot();

        assertTrue(OnlineLearner.keepsDriftDetectors(rewritten));
        OnlineLearner again = new OnlineLearner(LearnerStateGolden.WINE_DRIFT.config());
        again.restore(rewritten);
        assertEquals(learner.counters().applied(), again.counters().applied());
    }
}
