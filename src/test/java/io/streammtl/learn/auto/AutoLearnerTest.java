package io.streammtl.learn.auto;

import io.streammtl.config.AutoConfig;
import io.streammtl.learn.Example;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.streammtl.learn.auto.AutoFixtures.auto;
import static io.streammtl.learn.auto.AutoFixtures.feed;
import static io.streammtl.learn.auto.AutoFixtures.learner;
import static io.streammtl.learn.auto.AutoFixtures.stream;
import static io.streammtl.learn.auto.AutoFixtures.variant;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoLearnerTest {
    private static final AutoConfig RATES = auto(3, 100, List.of(variant("base", "optimizer.lr=0.000001"),
            variant("sane", "optimizer.lr=0.01"), variant("batch5", "optimizer.lr=0.003", "training.batch_size=5")));

    @Test
    void shouldHandARateTooSmallToLearnsPlaceToABetterVariantWithinTheFirstWindowUntested() {
        AutoLearner learner = learner(RATES);
        List<SelectionEvent> events = feed(learner, stream(1, 200));
        SelectionEvent first = events.stream().filter(e -> e.kind() == SelectionEvent.Kind.PROMOTED).findFirst()
                .orElseThrow();
        assertEquals("base", first.champion());
        assertTrue(first.example() < RATES.window(), first.toString());
        assertTrue(first.loss() < (1 - RATES.margin()) * first.championLoss(), first.toString());
        assertTrue(Double.isNaN(first.pValue()), "no test before the first decision: " + first);
        assertFalse(learner.championName().equals("base"));
    }

    @Test
    void shouldServeLessLossThanBaseOverTheFirstWindowWhenAnotherVariantLearnsFaster() {
        AutoLearner learner = learner(RATES);
        feed(learner, stream(1, RATES.window()));
        double base = learner.meanLosses()[0];
        assertTrue(learner.servedLoss() < 0.97 * base, learner.servedLoss() + " served, base " + base);
    }

    @Test
    void shouldPromoteOnlyOnTheTestAfterTheFirstDecision() {
        List<SelectionEvent> events = feed(learner(RATES), stream(2, 1500));
        assertTrue(events.stream().anyMatch(e -> e.example() > RATES.window()), events.toString());
        for (SelectionEvent e : events) {
            if (e.example() > RATES.window() && e.kind() != SelectionEvent.Kind.STARTED) {
                assertTrue(e.pValue() < 0.05, e.toString());
            }
        }
    }

    @Test
    void shouldPromoteAVariantStartedAfterTheFirstDecisionOnlyOnThePairedTest() {
        AutoConfig late = auto(2, 100, List.of(variant("base", "optimizer.lr=0.001"),
                variant("frozen", "optimizer.lr=0.0000001"), variant("fast", "optimizer.lr=0.01")));
        AutoLearner learner = learner(late);
        List<SelectionEvent> events = feed(learner, stream(7, 1500));
        SelectionEvent promotion = events.stream().filter(e -> e.kind() == SelectionEvent.Kind.PROMOTED)
                .findFirst().orElseThrow(() -> new AssertionError(events.toString()));
        assertEquals("fast", promotion.variant());
        assertEquals("base", promotion.champion());
        assertTrue(promotion.pValue() < 0.05, promotion.toString());
    }

    @Test
    void shouldMakeTheSamePromotionsAndTheSameChampionOnTheSameInput() {
        List<Example> examples = stream(2, 1500);
        AutoLearner one = learner(RATES);
        AutoLearner two = learner(RATES);
        List<SelectionEvent> first = feed(one, examples);
        List<SelectionEvent> second = feed(two, examples);
        assertFalse(first.isEmpty());
        assertEquals(first, second);
        assertArrayEquals(one.champion().snapshot(), two.champion().snapshot());
        assertArrayEquals(one.snapshot(), two.snapshot());
    }

    @Test
    void shouldContinueBitIdenticallyAfterASnapshotTakenMidBatchInTheFirstWindow() {
        List<Example> examples = stream(3, 1200);
        int cut = 37;
        AutoLearner original = learner(RATES);
        feed(original, examples.subList(0, cut));
        AutoLearner restored = learner(RATES);
        restored.restore(original.snapshot());
        List<SelectionEvent> after = feed(original, examples.subList(cut, examples.size()));
        List<SelectionEvent> afterRestore = feed(restored, examples.subList(cut, examples.size()));
        assertFalse(after.isEmpty());
        assertEquals(after, afterRestore);
        assertEquals(original.championName(), restored.championName());
        assertArrayEquals(original.snapshot(), restored.snapshot());
    }

    @Test
    void shouldNeverPromoteNorPruneAVariantThatIsTheSameModel() {
        AutoConfig twins = new AutoConfig(List.of(variant("base"), variant("same", "seed=3")), 2, 100, 100, 0.0,
                0.05);
        AutoLearner learner = learner(twins);
        List<SelectionEvent> events = feed(learner, stream(4, 3000));
        assertEquals(List.of(), events);
        assertEquals(List.of("base", "same"), learner.liveVariants());
    }

    @Test
    void shouldKeepAtMostMaxLiveVariantsLearningAndStartWaitingOnesInPrunedPlaces() {
        AutoConfig many = auto(2, 100, List.of(variant("base", "optimizer.lr=0.01"),
                variant("frozen", "optimizer.lr=0.0000001"), variant("slow", "optimizer.lr=0.003"),
                variant("fast", "optimizer.lr=0.03")));
        AutoLearner learner = learner(many);
        List<SelectionEvent> events = new java.util.ArrayList<>();
        for (Example e : stream(5, 2000)) {
            events.addAll(learner.learn(e));
            assertTrue(learner.liveVariants().size() <= 2, learner.liveVariants().toString());
        }
        assertTrue(events.stream().anyMatch(e -> e.kind() == SelectionEvent.Kind.PRUNED
                && e.variant().equals("frozen")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.kind() == SelectionEvent.Kind.STARTED), events.toString());
    }

    @Test
    void shouldRefuseTheStateOfOtherVariantsOrACutOne() {
        AutoLearner learner = learner(RATES);
        feed(learner, stream(6, 50));
        byte[] state = learner.snapshot();
        AutoConfig other = auto(3, 100, List.of(variant("base", "optimizer.lr=0.000001"),
                variant("other", "optimizer.lr=0.01"), variant("batch5", "optimizer.lr=0.003")));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> learner(other).restore(state));
        assertTrue(wrong.getMessage().contains("'sane'"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> learner(RATES).restore(java.util.Arrays.copyOf(state, state.length - 3)));
    }
}
