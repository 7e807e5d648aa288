package io.streammtl.learn;

import io.streammtl.config.DriftConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.drift.DriftDetector;
import io.streammtl.learn.drift.DriftDetectorSpec;
import io.streammtl.learn.drift.DriftDetectors;
import io.streammtl.learn.drift.DriftLevel;
import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Per-task drift detectors fed, example by example, with the prequential loss (squared error in standardised
 * target units for regression) or error indicator (classification); reports every change of level together
 * with the mean loss of the window before and the window up to it. A detector is fed only after
 * {@link #WARM_UP_WINDOWS} metrics windows of its task: before, the learner is still learning fast and its target
 * statistics are forming, so the loss falls steeply (a change to a two-sided detector such as ADWIN) and its first
 * values are huge (standardised squared errors of 40 and more), which a detector took for drift and a response
 * acted on, the window before having no loss to compare with.
 */
public final class DriftMonitor {
    /** Metrics windows of a task's examples its detector is not fed. */
    static final int WARM_UP_WINDOWS = 2;

    private final List<TaskConfig> tasks;
    private final DriftDetector[] detectors;
    private final double[][] losses;
    private final long[] seen;
    private final int window;

    public DriftMonitor(ModelConfig config) {
        this.tasks = config.tasks();
        this.window = config.metrics().window();
        this.detectors = new DriftDetector[tasks.size()];
        this.losses = new double[tasks.size()][];
        this.seen = new long[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            DriftConfig drift = tasks.get(t).drift();
            if (drift.enabled()) {
                detectors[t] = DriftDetectors.create(new DriftDetectorSpec(drift.detector(), drift.parameters()));
                losses[t] = new double[2 * window];
            }
        }
    }

    public boolean watches(int t) {
        return detectors[t] != null;
    }

    public boolean watchesAny() {
        for (DriftDetector d : detectors) {
            if (d != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps one example's loss of task {@code t} and, after the warm-up, feeds it to the detector; returns the new
     * level if it changed, else null.
     */
    public DriftLevel observe(int t, double loss) {
        DriftDetector detector = detectors[t];
        losses[t][(int) (seen[t] % losses[t].length)] = loss;
        seen[t]++;
        if (seen[t] <= (long) WARM_UP_WINDOWS * window) {
            return null;
        }
        DriftLevel before = detector.level();
        DriftLevel after = detector.update(loss);
        return after != before || after == DriftLevel.DRIFT ? after : null;
    }

    public String detectorName(int t) {
        return detectors[t].name();
    }

    public double statistic(int t) {
        return detectors[t].statistic();
    }

    public DriftLevel level(int t) {
        return detectors[t] == null ? DriftLevel.STABLE : detectors[t].level();
    }

    /** Examples of task {@code t} fed to its detector. */
    public long seen(int t) {
        return seen[t];
    }

    /** Mean loss over the last {@code window} examples of task {@code t} ({@code olderWindows} = 1: the window before). */
    public double meanLoss(int t, int olderWindows) {
        long end = seen[t] - (long) olderWindows * window;
        long start = Math.max(0, end - window);
        if (end <= start) {
            return Double.NaN;
        }
        double sum = 0;
        for (long i = start; i < end; i++) {
            sum += losses[t][(int) (i % losses[t].length)];
        }
        return sum / (end - start);
    }

    public void resetDetector(int t) {
        detectors[t].reset();
    }

    /** Every detector and loss window as if no example had been seen. */
    void clear() {
        for (int t = 0; t < detectors.length; t++) {
            if (detectors[t] != null) {
                detectors[t].reset();
                Arrays.fill(losses[t], 0);
                seen[t] = 0;
            }
        }
    }

    /**
     * The detectors' state and loss windows, for exact continuation after a restart: the task count, then per task
     * its detector's kind (empty for none) and, for a watched task, its example count, its loss ring and the
     * detector's state.
     */
    void write(StateWriter out) {
        out.putInt(detectors.length);
        for (int t = 0; t < detectors.length; t++) {
            out.putString(detectors[t] == null ? "" : detectors[t].name());
            if (detectors[t] != null) {
                out.putLong(seen[t]).putInt(losses[t].length);
                for (double loss : losses[t]) {
                    out.putDouble(loss);
                }
                detectors[t].writeState(out);
            }
        }
    }

    /** Reads what {@link #write} wrote from a monitor of the same tasks, detectors and metrics window. */
    void read(StateReader in) throws IOException {
        int tasks = in.getInt();
        if (tasks != detectors.length) {
            throw new IOException("drift state has " + tasks + " tasks, expected " + detectors.length);
        }
        for (int t = 0; t < tasks; t++) {
            String kind = in.getString();
            String expected = detectors[t] == null ? "" : detectors[t].name();
            if (!kind.equals(expected)) {
                throw new IOException("drift state of task " + this.tasks.get(t).name() + " is of detector '" + kind
                        + "', the spec says '" + expected + "'");
            }
            if (detectors[t] == null) {
                continue;
            }
            seen[t] = in.getLong();
            int ring = in.getInt();
            if (ring != losses[t].length) {
                throw new IOException("drift state of task " + this.tasks.get(t).name() + " keeps " + ring
                        + " losses, the metrics window keeps " + losses[t].length);
            }
            for (int i = 0; i < ring; i++) {
                losses[t][i] = in.getDouble();
            }
            detectors[t].readState(in);
        }
    }
}
