package io.streammtl.model;

import io.streammtl.config.FeatureConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TaskInputs;

import java.util.ArrayList;
import java.util.List;

/**
 * The input side of a network and the links between its heads: features (for embeddings), feature sets (for
 * projections), and for each task the task whose raw output its head also reads ({@code -1} for none) and
 * whether that source learns from the reader's loss.
 */
public record NetworkInputs(List<FeatureConfig> features, List<int[]> sets, boolean projected, int projectionWidth,
                            int[] sourceOf, boolean[] gradientToSource) {
    /** Plain inputs: every row feeds the trunk as it is, no head reads another. */
    public static NetworkInputs plain(int tasks) {
        int[] none = new int[tasks];
        java.util.Arrays.fill(none, -1);
        return new NetworkInputs(List.of(), List.of(), false, 0, none, new boolean[tasks]);
    }

    public static NetworkInputs of(ModelConfig config) {
        FeatureSets sets = new FeatureSets(config);
        List<int[]> all = new ArrayList<>();
        for (int g = 0; g < sets.count(); g++) {
            all.add(sets.features(g));
        }
        List<TaskConfig> tasks = config.tasks();
        int[] sourceOf = new int[tasks.size()];
        boolean[] gradient = new boolean[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            TaskInputs.InputFrom link = config.taskInputs().inputsFrom().get(tasks.get(t).name());
            sourceOf[t] = -1;
            if (link != null) {
                for (int s = 0; s < tasks.size(); s++) {
                    if (tasks.get(s).name().equals(link.task())) {
                        sourceOf[t] = s;
                    }
                }
                gradient[t] = link.gradient();
            }
        }
        return new NetworkInputs(config.features(), all, sets.projected(), config.taskInputs().projectionWidth(),
                sourceOf, gradient);
    }

    /** Task indices with every source before its readers (Kahn's order, ties by task index). */
    public int[] topologicalOrder() {
        int n = sourceOf.length;
        int[] order = new int[n];
        boolean[] placed = new boolean[n];
        int count = 0;
        while (count < n) {
            boolean progress = false;
            for (int t = 0; t < n; t++) {
                if (!placed[t] && (sourceOf[t] < 0 || placed[sourceOf[t]])) {
                    placed[t] = true;
                    order[count++] = t;
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalArgumentException("the tasks' inputs form a cycle");
            }
        }
        return order;
    }
}
