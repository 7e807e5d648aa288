package io.streammtl.cli;

import io.streammtl.avro.LabelEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The labels produce holds back: sent in due order, a seeded share of them, the same choices for the same seed. */
class LabelScheduleTest {
    private static LabelEvent labels(String id) {
        return LabelEvent.newBuilder().setId(id).setModel("default").setLabels(Map.of("y", 1.0))
                .setLabelTime(Instant.EPOCH).build();
    }

    private static List<String> ids(List<LabelEvent> events) {
        return events.stream().map(LabelEvent::getId).toList();
    }

    @Test
    void shouldReleaseLabelsInDueOrderTiesInTheOrderOffered() {
        LabelSchedule schedule = new LabelSchedule(new LabelDelay.Fixed(100), 1, 1);
        schedule.offer(labels("a"), 1000);
        schedule.offer(labels("b"), 950);
        schedule.offer(labels("c"), 950);
        assertEquals(OptionalLong.of(1050), schedule.nextDueMillis());
        assertEquals(List.of(), schedule.takeDue(1049));
        assertEquals(List.of("b", "c"), ids(schedule.takeDue(1099)));
        assertEquals(List.of("a"), ids(schedule.takeDue(5000)));
        assertEquals(OptionalLong.empty(), schedule.nextDueMillis());
    }

    @Test
    void shouldKeepTheSameSeededShareOfLabelsWithTheSameDelays() {
        List<String> first = offerAndDrain(new LabelSchedule(new LabelDelay.Uniform(0, 1000), 0.5, 42));
        List<String> second = offerAndDrain(new LabelSchedule(new LabelDelay.Uniform(0, 1000), 0.5, 42));
        List<String> other = offerAndDrain(new LabelSchedule(new LabelDelay.Uniform(0, 1000), 0.5, 43));
        assertEquals(first, second, "same seed, same labels in the same order");
        assertTrue(!first.equals(other), "another seed, other choices");
        assertTrue(first.size() > 400 && first.size() < 600, "about half of 1000: " + first.size());
    }

    @Test
    void shouldCountEveryLabelLeftOutAsWithheld() {
        LabelSchedule none = new LabelSchedule(new LabelDelay.Fixed(0), 0, 1);
        for (int i = 0; i < 10; i++) {
            assertTrue(!none.offer(labels("e" + i), i));
        }
        assertEquals(10, none.withheld());
        assertEquals(List.of(), none.takeDue(Long.MAX_VALUE));
    }

    private static List<String> offerAndDrain(LabelSchedule schedule) {
        int offered = 1000;
        int kept = 0;
        for (int i = 0; i < offered; i++) {
            kept += schedule.offer(labels("e" + i), i * 10L) ? 1 : 0;
        }
        List<String> out = new ArrayList<>(ids(schedule.takeDue(Long.MAX_VALUE)));
        assertEquals(kept, out.size());
        assertEquals(offered - kept, schedule.withheld());
        return out;
    }
}
