package io.streammtl.learn;

import io.streammtl.config.ChallengeRace;
import io.streammtl.config.DriftResponse;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftChallengeTest {
    /** Page-Hinkley with a threshold this low signals on almost every rise of the loss: a storm of false alarms. */
    private static final String HAIR_TRIGGER = "{detector: page_hinkley, threshold: 0.001, min_instances: 1%s}";
    private static final String ADWIN = "{detector: adwin%s}";
    private static final int WINDOW = 500;

    private static ModelConfig config(String drift, String response, long seed) {
        return ModelConfigLoader.parse("""
                seed: %d
                features: [{name: a}, {name: b}]
                tasks:
                  - {name: p, kind: binary, drift: %s}
                trunk: {layers: [8]}
                optimizer: {kind: adam, lr: 0.01}
                training: {batch_size: 8}
                metrics: {window: %d}
                """.formatted(seed, drift.formatted(response.isEmpty() ? "" : ", response: " + response), WINDOW))
                .model();
    }

    /** A noisy binary concept, a > b, inverted from example {@code change} on; labels flipped with probability 0.1. */
    private static final class Stream {
        private final SplittableRandom random;
        private final long change;
        private long seen;

        Stream(long seed, long change) {
            this.random = new SplittableRandom(seed);
            this.change = change;
        }

        void fill(ExampleBatch batch) {
            batch.clear();
            while (!batch.isFull()) {
                float a = (float) random.nextDouble();
                float b = (float) random.nextDouble();
                boolean label = (a > b) != (seen++ >= change);
                if (random.nextDouble() < 0.1) {
                    label = !label;
                }
                batch.label(batch.add(new float[] {a, b}), 0, label ? 1 : 0);
            }
        }
    }

    /** What one run did: races started, challengers adopted, and the examples after {@code change} of adoptions. */
    private record Run(int started, List<Long> adoptedAt, byte[] model) {
    }

    private static Run run(ModelConfig config, long dataSeed, long examples, long change) {
        OnlineLearner learner = new OnlineLearner(config);
        Stream stream = new Stream(dataSeed, change);
        ExampleBatch batch = ExampleBatch.forModel(config);
        int started = 0;
        List<Long> adoptedAt = new ArrayList<>();
        for (long seen = 0; seen < examples; seen += batch.size()) {
            stream.fill(batch);
            learner.predictThenLearn(batch);
            started += (int) learner.lastSignals().stream().filter(s -> s.response() == DriftResponse.CHALLENGE)
                    .count();
            for (ChallengeEvent event : learner.lastChallengeEvents()) {
                if (event.kind() == ChallengeEvent.Kind.ADOPTED) {
                    adoptedAt.add(seen + batch.size());
                }
            }
        }
        ByteBuffer state = ByteBuffer.allocate(learner.backend().stateBytes()).order(ByteOrder.LITTLE_ENDIAN);
        learner.backend().writeState(state);
        return new Run(started, adoptedAt, state.array());
    }

    @Test
    void shouldBeTheDefaultResponseOnceADetectorIsConfigured() {
        assertEquals(DriftResponse.CHALLENGE, config(ADWIN, "", 1).tasks().get(0).drift().response());
    }

    @Test
    void shouldAdoptAChallengerInAtMostTheLevelsFractionOfFalseAlarmsOnAStationaryStream() {
        int races = 0;
        int adopted = 0;
        for (long seed = 1; seed <= 16; seed++) {
            Run run = run(config(HAIR_TRIGGER, "challenge", seed), seed, 16_000, Long.MAX_VALUE);
            races += run.started();
            adopted += run.adoptedAt().size();
        }
        assertTrue(races >= 100, "the hair trigger forced " + races + " races");
        assertTrue(adopted <= ChallengeRace.DEFAULT.level() * races, adopted + " of " + races + " races adopted");
    }

    @Test
    void shouldLeaveTheModelBitForBitAsWithoutAResponseWhenNoChallengerIsAdopted() {
        int compared = 0;
        for (long seed = 1; seed <= 4; seed++) {
            Run challenged = run(config(HAIR_TRIGGER, "challenge", seed), seed, 4_000, Long.MAX_VALUE);
            if (challenged.adoptedAt().isEmpty()) {
                Run none = run(config(HAIR_TRIGGER, "none", seed), seed, 4_000, Long.MAX_VALUE);
                assertTrue(challenged.started() > 0);
                assertArrayEquals(none.model(), challenged.model(), "seed " + seed);
                compared++;
            }
        }
        assertTrue(compared > 0, "some run adopted nothing");
    }

    @Test
    void shouldAdoptTheFasterLearningChallengerSoonAfterTheConceptInverts() {
        long change = 6_000;
        long bound = (long) ChallengeRace.DEFAULT.windows() * WINDOW + 2_000;
        for (long seed = 1; seed <= 3; seed++) {
            Run run = run(config(ADWIN, "challenge", seed), seed, change + 4_000, change);
            List<Long> after = run.adoptedAt().stream().filter(at -> at > change).toList();
            assertFalse(after.isEmpty(), "seed " + seed + ": no challenger adopted after the change");
            assertTrue(after.get(0) <= change + bound, "seed " + seed + ": adopted at " + after.get(0));
        }
    }

    @Test
    void shouldEndEveryRaceWithinItsConfiguredWindows() {
        List<ChallengeEvent> oneWindow = ends(config(HAIR_TRIGGER.replace("%s", ", challenge_windows: 1%s"),
                "challenge", 1), 1, Long.MAX_VALUE);
        assertFalse(oneWindow.isEmpty());
        assertTrue(oneWindow.stream().allMatch(e -> e.examples() == WINDOW), oneWindow.toString());
        assertTrue(ends(config(HAIR_TRIGGER, "challenge", 1), 1, Long.MAX_VALUE).stream()
                .anyMatch(e -> e.examples() > WINDOW), "by default some race lasts beyond its first window");
    }

    @Test
    void shouldDecideNothingBeforeTheLastWindowWhenTheMarginIsOutOfReach() {
        List<ChallengeEvent> events = ends(config(ADWIN.replace("%s", ", challenge_margin: 0.99%s"), "challenge", 1),
                1, 2_000);
        assertFalse(events.isEmpty());
        for (ChallengeEvent event : events) {
            assertEquals(ChallengeEvent.Kind.DROPPED, event.kind());
            assertEquals((long) ChallengeRace.DEFAULT.windows() * WINDOW, event.examples());
            assertTrue(Double.isNaN(event.pValue()), event.toString());
        }
        assertTrue(ends(config(ADWIN, "challenge", 1), 1, 2_000).stream()
                .anyMatch(e -> e.kind() == ChallengeEvent.Kind.ADOPTED), "by default a challenger is adopted");
    }

    /** Every race end over 8,000 examples of the stream that inverts at {@code change}. */
    private static List<ChallengeEvent> ends(ModelConfig config, long dataSeed, long change) {
        OnlineLearner learner = new OnlineLearner(config);
        Stream stream = new Stream(dataSeed, change);
        ExampleBatch batch = ExampleBatch.forModel(config);
        List<ChallengeEvent> events = new ArrayList<>();
        for (long seen = 0; seen < 8_000; seen += batch.size()) {
            stream.fill(batch);
            learner.predictThenLearn(batch);
            events.addAll(learner.lastChallengeEvents());
        }
        return events;
    }

    @Test
    void shouldContinueARaceBitForBitAfterSnapshotAndRestore() {
        ModelConfig config = config(HAIR_TRIGGER, "challenge", 5);
        OnlineLearner first = new OnlineLearner(config);
        Stream stream = new Stream(5, Long.MAX_VALUE);
        ExampleBatch batch = ExampleBatch.forModel(config);
        boolean racing = false;
        while (!racing) {
            stream.fill(batch);
            first.predictThenLearn(batch);
            racing = first.lastSignals().stream().anyMatch(s -> s.response() == DriftResponse.CHALLENGE);
        }
        for (int s = 0; s < 5; s++) {
            stream.fill(batch);
            first.predictThenLearn(batch);
        }
        byte[] midway = first.snapshot();
        OnlineLearner second = new OnlineLearner(config);
        second.restore(midway);
        Stream copy = new Stream(6, Long.MAX_VALUE);
        Stream again = new Stream(6, Long.MAX_VALUE);
        ExampleBatch other = ExampleBatch.forModel(config);
        List<ChallengeEvent> firstEvents = new ArrayList<>();
        List<ChallengeEvent> secondEvents = new ArrayList<>();
        for (int s = 0; s < 400; s++) {
            copy.fill(batch);
            first.predictThenLearn(batch);
            firstEvents.addAll(first.lastChallengeEvents());
            again.fill(other);
            second.predictThenLearn(other);
            secondEvents.addAll(second.lastChallengeEvents());
        }
        assertFalse(firstEvents.isEmpty(), "the race in flight ended after the restore");
        assertEquals(firstEvents, secondEvents);
        assertArrayEquals(first.snapshot(), second.snapshot());
    }
}
