package io.streammtl.learn;

import io.streammtl.model.ModelBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checked-in learner snapshots of the current format must load into a fresh learner, predict the held rows
 * exactly as the learner that wrote them did, and be written back byte for byte: a change of the state format fails
 * here until the files are rewritten on purpose, with the version bumped (docs/state-format.md), by
 * {@code mvn -B -q test -Dtest=LearnerStateGoldenTest -Dstreammtl.golden.write=true}.
 */
class LearnerStateGoldenTest {

    @Test
    @EnabledIfSystemProperty(named = "streammtl.golden.write", matches = "true")
    void shouldRewriteTheGoldenFilesWhenAskedTo() throws IOException {
        for (LearnerStateGolden golden : LearnerStateGolden.values()) {
            OnlineLearner trained = golden.train();
            Files.createDirectories(golden.source(golden.snapshotResource()).getParent());
            Files.write(golden.source(golden.snapshotResource()), trained.snapshot());
            Files.writeString(golden.source(golden.predictionsResource()), golden.predictionsText(trained));
        }
    }

    private static OnlineLearner restored(LearnerStateGolden golden) throws IOException {
        OnlineLearner learner = new OnlineLearner(golden.config());
        learner.restore(golden.storedSnapshot());
        return learner;
    }

    @ParameterizedTest
    @EnumSource(LearnerStateGolden.class)
    void shouldPredictTheHeldRowsBitForBitAfterRestoringTheCheckedInSnapshot(LearnerStateGolden golden)
            throws IOException {
        OnlineLearner learner = restored(golden);
        List<float[]> expected = golden.storedPredictions();

        BatchPredictions predictions = learner.predict(golden.heldBatch(learner.config()));

        assertEquals(LearnerStateGolden.HELD_ROWS, expected.size());
        for (int r = 0; r < expected.size(); r++) {
            float[] actual = {predictions.value(0, r), predictions.value(1, r)};
            for (int t = 0; t < actual.length; t++) {
                assertEquals(Float.floatToIntBits(expected.get(r)[t]), Float.floatToIntBits(actual[t]),
                        "held row " + r + ", task " + learner.config().tasks().get(t).name() + ": expected "
                                + expected.get(r)[t] + ", got " + actual[t]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LearnerStateGolden.class)
    void shouldWriteTheCheckedInSnapshotBackByteForByte(LearnerStateGolden golden) throws IOException {
        assertArrayEquals(golden.storedSnapshot(), restored(golden).snapshot());
    }

    @Test
    void shouldRestoreDetectorsThatHaveSeenTheTrainingRows() throws IOException {
        OnlineLearner learner = restored(LearnerStateGolden.WINE_DRIFT);

        assertEquals(LearnerStateGolden.TRAINED_ROWS / learner.config().training().batchSize(),
                learner.counters().applied());
        assertEquals("adwin", learner.drift().detectorName(0));
        assertEquals("ddm", learner.drift().detectorName(1));
        assertEquals(LearnerStateGolden.TRAINED_ROWS, learner.drift().seen(0));
        assertEquals(LearnerStateGolden.TRAINED_ROWS, learner.drift().seen(1));
        assertFalse(Double.isNaN(learner.drift().meanLoss(1, 1)), "the loss window before the last is stored too");
    }

    @Test
    void shouldRestoreTheFamilyMembersWithTheirDeviations() throws IOException {
        OnlineLearner learner = restored(LearnerStateGolden.WINE_FAMILY);
        io.streammtl.model.MemberDeviations members = learner.backend().members(0);

        assertEquals(LearnerStateGolden.FAMILY_MAX_MEMBERS, members.size(), "more pH values than members: evicted");
        assertEquals(LearnerStateGolden.TRAINED_ROWS, members.examples());
        String member = members.keys().get(0);
        float[] deviation = members.deviation(member);
        assertTrue(java.util.stream.IntStream.range(0, deviation.length).anyMatch(i -> deviation[i] != 0f),
                "member " + member + " has learned a deviation");
    }

    @Test
    void shouldRestoreTheBackgroundHeadInFlight() throws IOException {
        ModelBackend backend = restored(LearnerStateGolden.WINE_BACKGROUND).backend();

        assertTrue(backend.heads().hasBackgroundHead(LearnerStateGolden.GOOD), "the background head of 'good' is restored");
        assertFalse(backend.heads().hasBackgroundHead(0), "quality has no background head");
    }
}
