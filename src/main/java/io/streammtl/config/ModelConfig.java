package io.streammtl.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The model spec: what defines a model and its learning (tasks, features, architecture, optimiser, weighting,
 * regularisers, drift, batch size, the prequential window); immutable. Only this spec is a model's identity: the
 * service settings around it live in {@link ServiceConfig}.
 */
public record ModelConfig(
        String name,
        long seed,
        List<FeatureConfig> features,
        List<TaskConfig> tasks,
        TrunkConfig trunk,
        HeadConfig heads,
        OptimizerConfig optimizer,
        TrainingConfig training,
        PreprocessingConfig preprocessing,
        MetricsConfig metrics,
        TaskInputs taskInputs,
        WeightingConfig weighting,
        RegularizerConfig regularizers) {

    public ModelConfig {
        features = List.copyOf(features);
        tasks = List.copyOf(tasks);
        Checks.name("name", name);
        if (features.isEmpty()) {
            throw new ConfigException("features", "empty; expected at least one feature");
        }
        if (tasks.isEmpty()) {
            throw new ConfigException("tasks", "empty; expected at least one task");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int t = 0; t < tasks.size(); t++) {
            Integer previous = seen.putIfAbsent(tasks.get(t).name(), t);
            if (previous != null) {
                throw new ConfigException("tasks[" + t + "].name", "'" + tasks.get(t).name() + "' is already used by tasks["
                        + previous + "]");
            }
        }
    }

    /** A spec without task-specific inputs or consistency terms, with static task weights and no regulariser. */
    public ModelConfig(String name, long seed, List<FeatureConfig> features, List<TaskConfig> tasks,
                       TrunkConfig trunk, HeadConfig heads, OptimizerConfig optimizer, TrainingConfig training,
                       PreprocessingConfig preprocessing, MetricsConfig metrics) {
        this(name, seed, features, tasks, trunk, heads, optimizer, training, preprocessing, metrics,
                TaskInputs.none(), WeightingConfig.staticWeights(), RegularizerConfig.none());
    }

    /**
     * Task {@code task} alone, as a single-task baseline: the multi-task methods (weighting, penalties coupling tasks,
     * per-task learning-rate scales) are left out, the rest of the spec is kept.
     */
    public ModelConfig alone(TaskConfig task) {
        TaskConfig plain = new TaskConfig(task.name(), task.kind(), task.classes(), task.loss(), task.huberDelta(),
                task.weight(), task.label(), task.drift(), task.qualityFloor(), 1.0, 1.0, task.labelRange(),
                task.labelWait());
        return new ModelConfig(name, seed, features, List.of(plain), trunk, heads, optimizer, training, preprocessing,
                metrics, taskInputs.restrictTo(Set.of(task.name())), WeightingConfig.staticWeights(),
                regularizers.withoutCoupling());
    }

    /** Number of raw model inputs after encoding every feature (an embedded feature holds one bucket index). */
    public int inputWidth() {
        return features.stream().mapToInt(FeatureConfig::width).sum();
    }

    /** A copy with other tasks, e.g. one task alone for a single-task baseline. */
    public ModelConfig withTasks(List<TaskConfig> otherTasks) {
        return new ModelConfig(name, seed, features, otherTasks, trunk, heads, optimizer, training, preprocessing,
                metrics, taskInputs.restrictTo(otherTasks.stream().map(TaskConfig::name).collect(Collectors.toSet())),
                weighting, regularizers);
    }

    /** A copy with another micro-batch size. */
    public ModelConfig withBatchSize(int batchSize) {
        return new ModelConfig(name, seed, features, tasks, trunk, heads, optimizer,
                new TrainingConfig(batchSize, training.clipNorm()), preprocessing, metrics, taskInputs, weighting,
                regularizers);
    }
}
