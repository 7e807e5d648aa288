package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot of format 4 (no recorded spec), written before format 5 from the same seeded run as
 * {@link LearnerStateGolden#WINE_DRIFT}: restored into the same spec it keeps everything, drift detectors included;
 * into a changed spec it is refused with the way to start fresh, since nothing says how its parameters map.
 */
class FormatFourSnapshotTest {
    private static final String SNAPSHOT = "/state/wine-drift-v4.bin";
    private static final String PREDICTIONS = "/state/wine-drift-v4.predictions.txt";

    @Test
    void shouldKeepTheModelAndDetectorsOfAFormatFourSnapshotInTheSameSpec() throws IOException {
        LearnerStateGolden golden = LearnerStateGolden.WINE_DRIFT;
        OnlineLearner learner = new OnlineLearner(golden.config());
        byte[] snapshot = LearnerStateGolden.resource(SNAPSHOT);

        learner.restore(snapshot);

        assertTrue(OnlineLearner.keepsDriftDetectors(snapshot));
        assertTrue(learner.drift().seen(0) > 0);
        BatchPredictions predictions = learner.predict(golden.heldBatch(learner.config()));
        List<float[]> expected = LearnerStateGolden.predictions(LearnerStateGolden.resource(PREDICTIONS));
        for (int r = 0; r < expected.size(); r++) {
            for (int t = 0; t < 2; t++) {
                assertEquals(Float.floatToIntBits(expected.get(r)[t]), Float.floatToIntBits(predictions.value(t, r)),
                        "held row " + r + ", task " + t);
            }
        }
    }

    @Test
    void shouldRefuseAFormatFourSnapshotInAChangedSpecSayingHowToStartFresh() throws IOException {
        ModelConfig wine = LearnerStateGolden.WINE_DRIFT.config();
        OnlineLearner learner = new OnlineLearner(wine.withTasks(List.of(wine.tasks().get(0))));
        byte[] snapshot = LearnerStateGolden.resource(SNAPSHOT);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> learner.restore(snapshot));

        assertTrue(refused.getMessage().contains("format 4 records no spec"), refused.getMessage());
        assertTrue(refused.getMessage().contains("serve --reset-model"), refused.getMessage());
    }
}
