package io.streammtl.cli;

import io.streammtl.avro.LabelEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The labels {@code produce --label-delay} has yet to send: each event's delayed labels are kept with probability
 * {@code fraction} and fall due a drawn delay after the event was sent; both draws come from one seeded generator, two
 * per event, so a seed gives the same choices and delays whatever the timing. Taken in due order, ties in the order
 * offered.
 */
final class LabelSchedule {
    private final LabelDelay delay;
    private final double fraction;
    private final SplittableRandom random;
    private final PriorityQueue<Due> due = new PriorityQueue<>(
            Comparator.comparingLong(Due::atMillis).thenComparingLong(Due::order));
    private long offered;
    private long withheld;

    LabelSchedule(LabelDelay delay, double fraction, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("a label fraction is from 0 to 1, got " + fraction);
        }
        this.delay = delay;
        this.fraction = fraction;
        this.random = new SplittableRandom(seed);
    }

    /** Schedules the labels of an event sent at {@code sentMillis}, or withholds them; whether it scheduled them. */
    boolean offer(LabelEvent labels, long sentMillis) {
        boolean kept = random.nextDouble() < fraction;
        long wait = delay.drawMillis(random);
        if (!kept) {
            withheld++;
            return false;
        }
        due.add(new Due(sentMillis + wait, offered++, labels));
        return true;
    }

    /** Removes and returns the labels due at {@code nowMillis}, in due order. */
    List<LabelEvent> takeDue(long nowMillis) {
        List<LabelEvent> out = new ArrayList<>();
        while (!due.isEmpty() && due.peek().atMillis() <= nowMillis) {
            out.add(due.poll().labels());
        }
        return out;
    }

    /** When the next labels fall due (epoch milliseconds), if any wait. */
    OptionalLong nextDueMillis() {
        return due.isEmpty() ? OptionalLong.empty() : OptionalLong.of(due.peek().atMillis());
    }

    /** Labels never to be sent: those the fraction left out. */
    long withheld() {
        return withheld;
    }

    private record Due(long atMillis, long order, LabelEvent labels) {
    }
}
