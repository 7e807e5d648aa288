package io.streammtl.learn;

import io.streammtl.config.DriftConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.drift.DriftDetector;
import io.streammtl.learn.drift.DriftDetectorSpec;
import io.streammtl.learn.drift.DriftDetectors;
import io.streammtl.learn.drift.DriftLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Per-task drift detectors fed, example by example, with the prequential loss (squared error in standardised
 * target units for regression) or error indicator (classification); reports every change of level together
 * with the mean loss of the window before and the window up to it.
 */
public final class DriftMonitor {
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

    /** Feeds one example's loss of task {@code t}; returns the new level if it changed, else null. */
    public DriftLevel observe(int t, double loss) {
        DriftDetector detector = detectors[t];
        losses[t][(int) (seen[t] % losses[t].length)] = loss;
        seen[t]++;
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

    /** The detectors' state and loss windows, for exact continuation after a restart. */
    byte[] state() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(detectors);
            out.writeObject(losses);
            out.writeObject(seen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    void restore(byte[] state) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(state))) {
            DriftDetector[] storedDetectors = (DriftDetector[]) in.readObject();
            double[][] storedLosses = (double[][]) in.readObject();
            long[] storedSeen = (long[]) in.readObject();
            if (storedDetectors.length != detectors.length) {
                throw new IOException("drift state has " + storedDetectors.length + " tasks, expected " + detectors.length);
            }
            for (int t = 0; t < detectors.length; t++) {
                if ((storedDetectors[t] == null) != (detectors[t] == null)) {
                    throw new IOException("drift state of task " + tasks.get(t).name() + " does not match the spec");
                }
                detectors[t] = storedDetectors[t];
                losses[t] = storedLosses[t];
            }
            System.arraycopy(storedSeen, 0, seen, 0, seen.length);
        } catch (ClassNotFoundException e) {
            throw new IOException("drift state is of another version: " + e.getMessage(), e);
        }
    }

}
