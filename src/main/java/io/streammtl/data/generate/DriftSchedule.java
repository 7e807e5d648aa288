package io.streammtl.data.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * When a stream's concept changes: {@code changes} change points split the rows into equal segments; segment k
 * follows concept k, or concept k mod 2 when recurring; a gradual change moves from concept k−1 to k over
 * {@code width} rows starting at the change point, row i of the window (0-based) following the new concept with
 * probability (i + 1) / (width + 1).
 */
public final class DriftSchedule {
    private final DriftKind kind;
    private final long rows;
    private final long width;
    private final long[] starts;

    private DriftSchedule(DriftKind kind, long rows, long width, long[] starts) {
        this.kind = kind;
        this.rows = rows;
        this.width = width;
        this.starts = starts;
    }

    /** A schedule with the kind's default number of changes. */
    public static DriftSchedule of(DriftKind kind, long rows, long width) {
        return of(kind, rows, kind.defaultChanges(), width);
    }

    /** A schedule over {@code rows} rows with {@code changes} evenly spaced change points. */
    public static DriftSchedule of(DriftKind kind, long rows, int changes, long width) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        }
        if (changes < 1) {
            throw new IllegalArgumentException("changes must be at least 1, got " + changes);
        }
        if (rows < changes + 1L) {
            throw new IllegalArgumentException("rows (" + rows + ") must be at least changes + 1 (" + (changes + 1L)
                    + ") so that every concept gets a row");
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, got " + width);
        }
        long[] starts = new long[changes + 1];
        for (int k = 0; k <= changes; k++) {
            starts[k] = k * rows / (changes + 1) + 1;
        }
        if (kind == DriftKind.GRADUAL) {
            long shortest = rows + 1 - starts[changes];
            for (int k = 1; k < changes; k++) {
                shortest = Math.min(shortest, starts[k + 1] - starts[k]);
            }
            if (width > shortest) {
                throw new IllegalArgumentException("width (" + width + ") exceeds the " + shortest
                        + " rows between changes; lower the width or raise the rows");
            }
        }
        return new DriftSchedule(kind, rows, width, starts);
    }

    public DriftKind kind() {
        return kind;
    }

    public long rows() {
        return rows;
    }

    /** Rows over which a gradual change moves to the new concept; unused by the other kinds. */
    public long width() {
        return width;
    }

    /** How many distinct concepts the stream visits. */
    public int concepts() {
        return kind == DriftKind.RECURRING ? 2 : starts.length;
    }

    /** The 1-based rows at which the changes begin. */
    public List<Long> changePoints() {
        List<Long> points = new ArrayList<>(starts.length - 1);
        for (int k = 1; k < starts.length; k++) {
            points.add(starts[k]);
        }
        return Collections.unmodifiableList(points);
    }

    /** The concept, or pair of concepts, that 1-based row {@code row} follows. */
    public ConceptMix mix(long row) {
        int segment = segmentOf(row);
        int concept = concept(segment);
        long offset = row - starts[segment];
        if (kind == DriftKind.GRADUAL && segment > 0 && offset < width) {
            return new ConceptMix(concept(segment - 1), concept, (offset + 1) / (double) (width + 1));
        }
        return ConceptMix.pure(concept);
    }

    private int segmentOf(long row) {
        int found = Arrays.binarySearch(starts, row);
        return found >= 0 ? found : Math.max(0, -found - 2);
    }

    private int concept(int segment) {
        return kind == DriftKind.RECURRING ? segment % 2 : segment;
    }
}
