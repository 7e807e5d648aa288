package io.streammtl.cli;

import io.streammtl.config.ExpiryPolicy;
import io.streammtl.config.LabelWait;
import io.streammtl.config.LabelsConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ServiceConfig;
import io.streammtl.config.TaskConfig;

import java.util.List;

/** The demo's spec with every task's labels coming later, on a labels topic, within an hour. */
final class DelayedDemoSpec {
    static final long TTL_MILLIS = 3_600_000;

    private DelayedDemoSpec() {
    }

    static ServiceConfig delayAll(ServiceConfig config, String labelsTopic) {
        ModelConfig m = config.model();
        List<TaskConfig> tasks = m.tasks().stream().map(t -> new TaskConfig(t.name(), t.kind(), t.classes(),
                t.loss(), t.huberDelta(), t.weight(), t.label(), t.drift(), t.qualityFloor(), t.lrScale(),
                t.trunkScale(), t.labelRange(), new LabelWait(TTL_MILLIS, ExpiryPolicy.DROP))).toList();
        ModelConfig delayed = new ModelConfig(m.name(), m.seed(), m.features(), tasks, m.trunk(), m.heads(),
                m.optimizer(), m.training(), m.preprocessing(), m.metrics(), m.taskInputs(), m.weighting(),
                m.regularizers());
        return new ServiceConfig(delayed, config.kafka(),
                LabelsConfig.onTopic(labelsTopic, config.kafka().applicationId()), config.csv(), config.endpoint());
    }
}
