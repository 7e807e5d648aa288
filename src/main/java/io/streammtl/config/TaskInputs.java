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
    public TaskInputs {
        features = Map.copyOf(features);
        inputsFrom = Map.copyOf(inputsFrom);
        coherence = List.copyOf(coherence);
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
    }
}
