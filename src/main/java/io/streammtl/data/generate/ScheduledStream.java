package io.streammtl.data.generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;

/** The bookkeeping shared by the generators: header, row count and change points from a schedule. */
abstract class ScheduledStream implements StreamGenerator {
    private final DriftSchedule schedule;
    private final List<String> header;
    private long row;

    ScheduledStream(DriftSchedule schedule, int features) {
        this.schedule = schedule;
        List<String> names = new ArrayList<>(features + 1);
        for (int i = 1; i <= features; i++) {
            names.add("x" + i);
        }
        names.add("y");
        this.header = Collections.unmodifiableList(names);
    }

    /** The fields of a row that follows {@code mix}. */
    abstract String[] row(ConceptMix mix);

    @Override
    public final List<String> header() {
        return header;
    }

    @Override
    public final long rows() {
        return schedule.rows();
    }

    @Override
    public final String[] next() {
        if (row == schedule.rows()) {
            throw new NoSuchElementException("all " + row + " rows have been generated");
        }
        row++;
        return row(schedule.mix(row));
    }

    @Override
    public final List<Long> changePoints() {
        return schedule.changePoints();
    }

    static void requireProbability(double noise) {
        if (!(noise >= 0 && noise <= 1)) {
            throw new IllegalArgumentException("label noise must be a probability in [0, 1], got " + noise);
        }
    }
}
