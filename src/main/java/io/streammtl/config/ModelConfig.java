package io.streammtl.config;

import java.util.List;

/** A whole model spec, parsed from YAML once and validated; immutable. */
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
        CsvConfig csv,
        KafkaConfig kafka,
        TaskInputs taskInputs,
        WeightingConfig weighting,
        RegularizerConfig regularizers) {

    public ModelConfig {
        features = List.copyOf(features);
        tasks = List.copyOf(tasks);
    }

    /** A spec without task-specific inputs or consistency terms, with static task weights and no regulariser. */
    public ModelConfig(String name, long seed, List<FeatureConfig> features, List<TaskConfig> tasks,
                       TrunkConfig trunk, HeadConfig heads, OptimizerConfig optimizer, TrainingConfig training,
                       PreprocessingConfig preprocessing, MetricsConfig metrics, CsvConfig csv, KafkaConfig kafka) {
        this(name, seed, features, tasks, trunk, heads, optimizer, training, preprocessing, metrics, csv, kafka,
                TaskInputs.none());
    }

    /** A spec with static task weights and no regulariser. */
    public ModelConfig(String name, long seed, List<FeatureConfig> features, List<TaskConfig> tasks,
                       TrunkConfig trunk, HeadConfig heads, OptimizerConfig optimizer, TrainingConfig training,
                       PreprocessingConfig preprocessing, MetricsConfig metrics, CsvConfig csv, KafkaConfig kafka,
                       TaskInputs taskInputs) {
        this(name, seed, features, tasks, trunk, heads, optimizer, training, preprocessing, metrics, csv, kafka,
                taskInputs, WeightingConfig.staticWeights(), RegularizerConfig.none());
    }

    /**
     * Task {@code task} alone, as a single-task baseline: the multi-task methods (weighting, penalties coupling tasks,
     * per-task learning-rate scales) are left out, the rest of the spec is kept.
     */
    public ModelConfig alone(TaskConfig task) {
        TaskConfig plain = new TaskConfig(task.name(), task.kind(), task.classes(), task.loss(), task.huberDelta(),
                task.weight(), task.label(), task.drift(), task.qualityFloor(), 1.0, 1.0, task.labelRange());
        return new ModelConfig(name, seed, features, List.of(plain), trunk, heads, optimizer, training, preprocessing,
                metrics, csv, kafka, taskInputs.restrictTo(java.util.Set.of(task.name())),
                WeightingConfig.staticWeights(), regularizers.withoutCoupling());
    }

    /** Number of raw model inputs after encoding every feature (an embedded feature holds one bucket index). */
    public int inputWidth() {
        return features.stream().mapToInt(FeatureConfig::width).sum();
    }

    /** A copy with other tasks, e.g. one task alone for a single-task baseline. */
    public ModelConfig withTasks(List<TaskConfig> otherTasks) {
        return new ModelConfig(name, seed, features, otherTasks, trunk, heads, optimizer, training,
                preprocessing, metrics, csv, kafka, taskInputs.restrictTo(
                        otherTasks.stream().map(TaskConfig::name).collect(java.util.stream.Collectors.toSet())),
                weighting, regularizers);
    }

    /** A copy with other Kafka settings. */
    public ModelConfig withKafka(KafkaConfig other) {
        return new ModelConfig(name, seed, features, tasks, trunk, heads, optimizer, training, preprocessing, metrics,
                csv, other, taskInputs, weighting, regularizers);
    }

    /** A copy with another micro-batch size. */
    public ModelConfig withBatchSize(int batchSize) {
        return new ModelConfig(name, seed, features, tasks, trunk, heads, optimizer,
                new TrainingConfig(batchSize, training.clipNorm()), preprocessing, metrics, csv, kafka, taskInputs,
                weighting, regularizers);
    }
}
