package io.streammtl.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Task-specific inputs and cross-task consistency, keyed by task name: each task's own feature set (absent = all
 * features), another task's prediction fed to its head, the width of the input projections, and coherence
 * penalties between related outputs.
 */
public record TaskInputs(Map<String, List<String>> features, Map<String, InputFrom> inputsFrom,
                         List<CoherenceConfig> coherence, int projectionWidth) {
    static final int MAX_PROJECTION_WIDTH = 65_536;

    /**
     * Paths in errors are those of the spec ({@code projection.width}, {@code tasks.<name>.features}): this section
     * is gathered from several places, the reader checks them first where it knows each one's index.
     */
    public TaskInputs {
        features = Map.copyOf(features);
        inputsFrom = Map.copyOf(inputsFrom);
        coherence = List.copyOf(coherence);
        features.forEach((task, names) -> {
            if (names.isEmpty()) {
                throw new ConfigException("tasks." + task + ".features", "empty; leave it out to use every feature");
            }
            Checks.distinct("tasks." + task + ".features", names);
        });
        inputsFrom.forEach((task, link) -> {
            if (link.task().equals(task)) {
                throw new ConfigException("tasks." + task + ".inputs_from.task", "'" + task + "' is the task itself");
            }
        });
        Checks.range("projection.width", projectionWidth, features.isEmpty() ? 0 : 1, MAX_PROJECTION_WIDTH);
    }

    /** Nothing task-specific: every task sees every feature, no head reads another, no penalty. */
    public static TaskInputs none() {
        return new TaskInputs(Map.of(), Map.of(), List.of(), 0);
    }

    /** Whether any task declares its own feature set (then every feature set gets an input projection). */
    public boolean projected() {
        return !features.isEmpty();
    }

    /** Only what concerns the named tasks (a single-task baseline keeps its own features, drops the links). */
    public TaskInputs restrictTo(Set<String> tasks) {
        Map<String, List<String>> f = new java.util.HashMap<>(features);
        f.keySet().retainAll(tasks);
        Map<String, InputFrom> links = new java.util.HashMap<>(inputsFrom);
        links.entrySet().removeIf(e -> !tasks.contains(e.getKey()) || !tasks.contains(e.getValue().task()));
        List<CoherenceConfig> kept = coherence.stream()
                .filter(c -> tasks.contains(c.binaryTask()) && tasks.contains(c.regressionTask())).toList();
        return new TaskInputs(f, links, kept, projectionWidth);
    }

    /** A task's head also reads {@code task}'s raw output; {@code gradient} says whether its loss trains that source. */
    public record InputFrom(String task, boolean gradient) {
    }

    /**
     * γ · mean over the batch's rows of (P(binary) − sigmoid((ŷ_regression − threshold) / temperature))², ŷ in the
     * target's original units: P(good) should agree with a smooth indicator of predicted quality ≥ threshold.
     */
    public record CoherenceConfig(String binaryTask, String regressionTask, double threshold, double temperature,
                                  double weight) {
        /** Paths in errors are relative to the entry ({@code weight}); its reader adds {@code coherence[i]}. */
        public CoherenceConfig {
            if (binaryTask == null || regressionTask == null || binaryTask.equals(regressionTask)) {
                throw new ConfigException("tasks", "[" + binaryTask + ", " + regressionTask
                        + "] is not one binary and one regression task");
            }
            if (!Double.isFinite(threshold)) {
                throw new ConfigException("threshold", threshold + " is not a finite number");
            }
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw new ConfigException("temperature", temperature + " is not a finite number > 0");
            }
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new ConfigException("weight", weight + " is not a finite weight ≥ 0");
            }
        }
    }
}
