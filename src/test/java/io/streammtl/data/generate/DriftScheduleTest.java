package io.streammtl.data.generate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftScheduleTest {
    @Test
    void abruptChangesOnceAtTheMiddle() {
        DriftSchedule schedule = DriftSchedule.of(DriftKind.ABRUPT, 20_000, 1000);
        assertEquals(List.of(10_001L), schedule.changePoints());
        assertEquals(ConceptMix.pure(0), schedule.mix(10_000));
        assertEquals(ConceptMix.pure(1), schedule.mix(10_001));
        assertEquals(ConceptMix.pure(1), schedule.mix(20_000));
    }

    @Test
    void recurringAlternatesTwoConceptsOverFourEqualSegments() {
        DriftSchedule schedule = DriftSchedule.of(DriftKind.RECURRING, 20_000, 1000);
        assertEquals(List.of(5001L, 10_001L, 15_001L), schedule.changePoints());
        assertEquals(2, schedule.concepts());
        int[] expected = {0, 1, 0, 1};
        long[] firstRows = {1, 5001, 10_001, 15_001};
        for (int s = 0; s < 4; s++) {
            assertEquals(ConceptMix.pure(expected[s]), schedule.mix(firstRows[s]), "first row of segment " + (s + 1));
            assertEquals(ConceptMix.pure(expected[s]), schedule.mix(firstRows[s] + 4999),
                    "last row of segment " + (s + 1));
        }
    }

    @Test
    void gradualShareRisesLinearlyAcrossTheWindowThenStaysOnTheNewConcept() {
        DriftSchedule schedule = DriftSchedule.of(DriftKind.GRADUAL, 20_000, 1000);
        assertEquals(List.of(10_001L), schedule.changePoints());
        assertEquals(ConceptMix.pure(0), schedule.mix(10_000));
        double previous = 0;
        for (long row = 10_001; row <= 11_000; row++) {
            ConceptMix mix = schedule.mix(row);
            assertTrue(mix.inTransition() && mix.before() == 0 && mix.after() == 1, "row " + row);
            assertTrue(mix.share() > previous && mix.share() < 1, "share at row " + row + ": " + mix.share());
            previous = mix.share();
        }
        assertEquals(1.0 / 1001, schedule.mix(10_001).share(), 1e-12);
        assertEquals(1000.0 / 1001, schedule.mix(11_000).share(), 1e-12);
        assertFalse(schedule.mix(11_001).inTransition());
        assertEquals(ConceptMix.pure(1), schedule.mix(11_001));
    }

    @Test
    void moreChangesSplitTheRowsIntoEqualSegmentsEachWithANewConcept() {
        DriftSchedule schedule = DriftSchedule.of(DriftKind.ABRUPT, 12, 3, 1);
        assertEquals(List.of(4L, 7L, 10L), schedule.changePoints());
        assertEquals(4, schedule.concepts());
        assertEquals(ConceptMix.pure(2), schedule.mix(9));
        assertEquals(ConceptMix.pure(3), schedule.mix(10));
    }

    @Test
    void pickFollowsTheNewConceptOnlyBelowTheShare() {
        ConceptMix mix = new ConceptMix(0, 1, 0.25);
        assertEquals(1, mix.pick(0.2));
        assertEquals(0, mix.pick(0.3));
    }

    @Test
    void rejectsTooFewRowsAndAWindowLongerThanASegment() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> DriftSchedule.of(DriftKind.ABRUPT, 0, 1000));
        assertEquals("rows must be at least 1, got 0", none.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> DriftSchedule.of(DriftKind.ABRUPT, 1, 1000));
        assertTrue(one.getMessage().contains("at least changes + 1 (2)"), one.getMessage());
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> DriftSchedule.of(DriftKind.GRADUAL, 1000, 600));
        assertTrue(wide.getMessage().startsWith("width (600) exceeds the 500 rows"), wide.getMessage());
    }

    @Test
    void parsesKindsIgnoringCaseAndNamesTheChoicesOtherwise() {
        assertEquals(DriftKind.GRADUAL, DriftKind.parse("Gradual"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DriftKind.parse("sudden"));
        assertEquals("unknown drift kind 'sudden' (expected abrupt, gradual or recurring)", e.getMessage());
    }
}
