package io.streammtl.data.generate;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Which entity each row of an entities stream belongs to: Zipf-like shares (the entity ranked r gets a share ∝ 1/r,
 * ranks shuffled), the late entities brought in at a random row of the stream's third quarter, whose first row is
 * theirs, so that all their rows lie in its second half.
 */
final class EntitySchedule {
    private final double[] shares;
    private final long[] startRows;
    private final boolean[] late;
    private final int[] lateByStart;
    private final Deque<Integer> arriving = new ArrayDeque<>();
    private final int[] active;
    private final double[] cumulative;
    private int activeCount;
    private int nextLate;

    /** Draws the shares and the late entities' start rows from {@code structure}. */
    EntitySchedule(EntitiesSettings settings, SplittableRandom structure) {
        int members = settings.members();
        this.shares = new double[members];
        int[] byRank = shuffled(structure, members);
        for (int r = 0; r < members; r++) {
            shares[byRank[r]] = 1.0 / (r + 1);
        }
        this.startRows = new long[members];
        this.late = new boolean[members];
        int[] lateFirst = shuffled(structure, members);
        long half = settings.rows() / 2;
        long quarter = Math.max(1, settings.rows() / 4);
        for (int i = 0; i < settings.lateMembers(); i++) {
            late[lateFirst[i]] = true;
            startRows[lateFirst[i]] = half + structure.nextLong(quarter);
        }
        this.lateByStart = IntStream.range(0, members).filter(k -> late[k]).boxed()
                .sorted(Comparator.comparingLong(k -> startRows[k])).mapToInt(Integer::intValue).toArray();
        this.active = new int[members];
        this.cumulative = new double[members];
        for (int k = 0; k < members; k++) {
            if (!late[k]) {
                add(k);
            }
        }
    }

    private static int[] shuffled(SplittableRandom random, int n) {
        int[] order = IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    boolean isLate(int k) {
        return late[k];
    }

    /** The entity of row {@code row} (rows asked in order): an arriving late entity, else one drawn by share. */
    int entityOf(long row, SplittableRandom random) {
        while (nextLate < lateByStart.length && startRows[lateByStart[nextLate]] <= row) {
            int k = lateByStart[nextLate++];
            add(k);
            arriving.add(k);
        }
        if (!arriving.isEmpty()) {
            return arriving.poll();
        }
        double u = random.nextDouble() * cumulative[activeCount - 1];
        int i = Arrays.binarySearch(cumulative, 0, activeCount, u);
        int index = i >= 0 ? i + 1 : -i - 1;
        return active[Math.min(index, activeCount - 1)];
    }

    private void add(int k) {
        cumulative[activeCount] = (activeCount == 0 ? 0 : cumulative[activeCount - 1]) + shares[k];
        active[activeCount++] = k;
    }
}
