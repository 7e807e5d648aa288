package io.streammtl.learn;

import io.streammtl.model.MemberDeviations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each family member's windowed prequential loss (the loss the drift detectors watch: squared error in standardised
 * units, or the 0/1 error), as a running mean over its first {@code window} labels and an exponential mean of the
 * same horizon after; kept only for current members, so it is bounded by {@code max_members}. Monitoring state, not
 * in the snapshot: after a restore it starts afresh.
 */
final class MemberLosses {
    private final int window;
    private final Map<String, double[]> losses = new HashMap<>();

    /** A member's key and windowed loss. */
    record MemberLoss(String member, double loss) {
    }

    MemberLosses(int window) {
        this.window = window;
    }

    /** Adds one labeled example's loss for {@code member}. */
    void add(String member, double loss) {
        double[] state = losses.computeIfAbsent(member, k -> new double[2]);
        state[1] = Math.min(state[1] + 1, window);
        state[0] += (loss - state[0]) / state[1];
    }

    /** Forgets members no longer in {@code members} (evicted or expired). */
    void retain(MemberDeviations members) {
        if (losses.size() > members.size()) {
            losses.keySet().removeIf(key -> !members.contains(key));
        }
    }

    /** The {@code k} members with the highest windowed loss, worst first (ties: lower key first). */
    List<MemberLoss> worst(int k) {
        List<MemberLoss> all = new ArrayList<>(losses.size());
        losses.forEach((key, state) -> all.add(new MemberLoss(key, state[0])));
        all.sort(Comparator.comparingDouble(MemberLoss::loss).reversed().thenComparing(MemberLoss::member));
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
}
