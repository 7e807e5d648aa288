package io.streammtl.model;

import io.streammtl.config.FeatureConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The distinct feature sets of a model's tasks, in order of the first task that uses each (a task without its own
 * {@code features} uses all of them), and which set an example is encoded for: the set of its labeled tasks; an
 * unlabeled example, the first set that holds every feature it carries (else the one holding most of them).
 */
public final class FeatureSets {
    private final List<int[]> sets = new ArrayList<>();
    private final int[] taskSet;
    private final boolean projected;
    private final List<String> taskNames;

    public FeatureSets(ModelConfig config) {
        List<FeatureConfig> features = config.features();
        List<TaskConfig> tasks = config.tasks();
        this.projected = config.taskInputs().projected();
        this.taskSet = new int[tasks.size()];
        this.taskNames = tasks.stream().map(TaskConfig::name).toList();
        for (int t = 0; t < tasks.size(); t++) {
            List<String> own = config.taskInputs().features().get(tasks.get(t).name());
            int[] set = new int[own == null ? features.size() : own.size()];
            int n = 0;
            for (int f = 0; f < features.size(); f++) {
                if (own == null || own.contains(features.get(f).name())) {
                    set[n++] = f;
                }
            }
            int index = indexOf(set);
            if (index < 0) {
                sets.add(set);
                index = sets.size() - 1;
            }
            taskSet[t] = index;
        }
    }

    private int indexOf(int[] set) {
        for (int i = 0; i < sets.size(); i++) {
            if (Arrays.equals(sets.get(i), set)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the model has input projections, one per set (some task declares its own features). */
    public boolean projected() {
        return projected;
    }

    public int count() {
        return sets.size();
    }

    /** The feature indices of set {@code g}, in spec order. */
    public int[] features(int g) {
        return sets.get(g).clone();
    }

    public boolean contains(int g, int feature) {
        return Arrays.binarySearch(sets.get(g), feature) >= 0;
    }

    /** The set task {@code t} reads. */
    public int setOf(int t) {
        return taskSet[t];
    }

    /**
     * The set an example is encoded for, from its labels and the features it carries (non-missing values);
     * labels for tasks of different sets are an {@link IllegalArgumentException}.
     */
    public int featureSetOf(boolean[] labeled, boolean[] carried) {
        if (!projected) {
            return 0;
        }
        int featureSet = -1;
        for (int t = 0; t < labeled.length; t++) {
            if (labeled[t]) {
                if (featureSet >= 0 && taskSet[t] != featureSet) {
                    throw new IllegalArgumentException("labels for tasks with different feature sets ("
                            + namesOf(featureSet) + " and " + taskNames.get(t) + ")");
                }
                featureSet = taskSet[t];
            }
        }
        if (featureSet >= 0) {
            return featureSet;
        }
        int best = 0;
        int bestCount = -1;
        int total = 0;
        for (boolean c : carried) {
            total += c ? 1 : 0;
        }
        for (int g = 0; g < sets.size(); g++) {
            int count = 0;
            for (int f : sets.get(g)) {
                count += carried[f] ? 1 : 0;
            }
            if (count == total) {
                return g;
            }
            if (count > bestCount) {
                best = g;
                bestCount = count;
            }
        }
        return best;
    }

    private String namesOf(int featureSet) {
        List<String> names = new ArrayList<>();
        for (int t = 0; t < taskSet.length; t++) {
            if (taskSet[t] == featureSet) {
                names.add(taskNames.get(t));
            }
        }
        return String.join(", ", names);
    }
}
