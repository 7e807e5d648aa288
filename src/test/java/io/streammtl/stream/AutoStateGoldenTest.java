package io.streammtl.stream;

import io.streammtl.config.AutoSelection;
import io.streammtl.learn.Example;
import io.streammtl.learn.auto.AutoLearner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The champion/challenger state the trainer stores for a spec with {@code auto:} (format 2, "SMTA") must stay
 * readable: a change of the format fails here until the file is rewritten on purpose, and the version bumped, with
 * {@code mvn -B -q test -Dtest=AutoStateGoldenTest -Dstreammtl.golden.write=true}. Only the generator trains.
 */
class AutoStateGoldenTest {
    private static final String RESOURCE = "/state/auto-state-v2.bin";
    private static final Path SOURCE = Path.of("src/test/resources/state/auto-state-v2.bin");
    /** The seeded run in format 1, before the open micro-batches held weights and seen flags (delayed labels). */
    private static final String FORMAT_1 = "/state/auto-state-v1.bin";
    /**
     * The seeded run as it went while {@code base} served the whole first window (before the leader took over
     * there), in format 1, written before the learners' snapshot format went from 5 to 6 (task families), and after.
     */
    private static final String LEARNERS_V5 = "/state/auto-state-v1-learners-v5.bin";
    private static final String LEARNERS_V6 = "/state/auto-state-v1-base-first.bin";
    /** Past the first decision (at 20), mid-window and mid-batch: every part of the state is filled. */
    private static final int EXAMPLES = 46;

    private static AutoSelection selection() {
        return AutoTopologyTest.auto().auto();
    }

    private static AutoLearner fresh() {
        return new AutoLearner(selection().config(), selection().specs());
    }

    /** The seeded run behind the file: the topology test's stream, every variant learning every example. */
    private static AutoLearner seeded() {
        AutoLearner learner = fresh();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < EXAMPLES; i++) {
            float a = (float) (random.nextDouble() * 4);
            float b = (float) (random.nextDouble() - 0.5);
            learner.learn(new Example(i, new float[] {a, b}, new float[] {2 * a - 3 * b}, new boolean[] {true}));
        }
        return learner;
    }

    /** The seeded run, then a joined example of delayed labels (weight 2.5, inputs seen) into the open micro-batch. */
    private static AutoLearner seededWithJoinedExample() {
        AutoLearner learner = seeded();
        learner.learn(new Example(0, new float[] {1.5f, 0.25f}, new float[] {2.25f}, new boolean[] {true}), 2.5f, true);
        return learner;
    }

    private static byte[] checkedIn() throws IOException {
        return resource(RESOURCE);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = AutoStateGoldenTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the test resources");
            }
            return in.readAllBytes();
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "streammtl.golden.write", matches = "true")
    void shouldRewriteTheGoldenFileWhenAskedTo() throws IOException {
        Files.createDirectories(SOURCE.getParent());
        Files.write(SOURCE, seededWithJoinedExample().snapshot());
    }

    @Test
    void shouldWriteTheCheckedInStateBackByteForByte() throws IOException {
        byte[] golden = checkedIn();
        AutoLearner restored = fresh();

        restored.restore(golden);

        assertArrayEquals(golden, restored.snapshot());
    }

    @Test
    void shouldRestoreTheChampionAndTheVariantsOfTheSeededRun() throws IOException {
        AutoLearner restored = fresh();
        AutoLearner seeded = seededWithJoinedExample();

        restored.restore(checkedIn());

        assertEquals(seeded.championName(), restored.championName());
        assertEquals(seeded.liveVariants(), restored.liveVariants());
        assertEquals(seeded.champion().counters().applied(), restored.champion().counters().applied());
        assertArrayEquals(seeded.meanLosses(), restored.meanLosses(), 1e-9);
    }

    @Test
    void shouldKeepTheJoinedExamplesWeightAndSeenInputsAcrossARestore() throws IOException {
        AutoLearner restored = fresh();
        AutoLearner seeded = seededWithJoinedExample();
        restored.restore(checkedIn());
        Example closing = new Example(0, new float[] {0.5f, -0.25f}, new float[] {1.75f}, new boolean[] {true});

        seeded.learn(closing);
        restored.learn(closing);

        assertArrayEquals(seeded.snapshot(), restored.snapshot(), "the batch closed with the same weight and inputs");
    }

    @Test
    void shouldRestoreAFormat1StateAsExamplesOfWeight1WhoseInputsCount() throws IOException {
        AutoLearner restored = fresh();

        restored.restore(resource(FORMAT_1));

        assertArrayEquals(seeded().snapshot(), restored.snapshot(), "rewritten in format 2, the same state");
    }

    @Test
    void shouldRestoreAStateWhoseLearnersWereWrittenInTheEarlierSnapshotFormat() throws IOException {
        AutoLearner restored = fresh();
        AutoLearner current = fresh();
        current.restore(resource(LEARNERS_V6));

        restored.restore(resource(LEARNERS_V5));

        assertEquals(current.championName(), restored.championName());
        assertEquals(current.liveVariants(), restored.liveVariants());
        assertArrayEquals(current.meanLosses(), restored.meanLosses(), 1e-9);
        assertArrayEquals(current.snapshot(), restored.snapshot(), "rewritten in the current format, the same state");
    }

    @Test
    void shouldRefuseTheStateOfOneLearnerNamingWhatItExpected() {
        AutoLearner learner = fresh();
        byte[] single = new io.streammtl.learn.OnlineLearner(selection().specs().get(0)).snapshot();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> learner.restore(single));

        assertEquals("champion/challenger state: not a champion/challenger state", e.getMessage());
    }
}
