package io.streammtl.config;

import java.util.List;
import java.util.Locale;

/** Reads the {@code optimizer} and {@code training} sections; absent keys take the records' defaults. */
final class TrainingReader {
    private TrainingReader() {
    }

    static OptimizerConfig optimizer(ConfigNode node) {
        OptimizerKind kind = node.choice("kind", OptimizerKind.class, OptimizerKind.ADAM);
        OptimizerConfig d = OptimizerConfig.defaults(kind);
        double lr = node.number("lr", d.learningRate());
        double weightDecay = node.number("weight_decay", d.weightDecay());
        double momentum = d.momentum();
        boolean nesterov = d.nesterov();
        String kindName = kind.name().toLowerCase(Locale.ROOT);
        if (kind == OptimizerKind.SGD) {
            momentum = node.number("momentum", momentum);
            nesterov = node.bool("nesterov", nesterov);
            for (String key : List.of("beta1", "beta2", "epsilon")) {
                node.rejectIfPresent(key, "not used by sgd (only by adam, adamw and schedule_free_adamw)");
            }
        } else {
            for (String key : List.of("momentum", "nesterov")) {
                node.rejectIfPresent(key, "not used by " + kindName + " (only by sgd)");
            }
        }
        OptimizerConfig config = new OptimizerConfig(kind, lr, momentum, nesterov,
                node.number("beta1", d.beta1()), node.number("beta2", d.beta2()), node.number("epsilon", d.epsilon()),
                weightDecay);
        node.rejectUnknownKeys();
        return config;
    }

    static TrainingConfig training(ConfigNode node) {
        TrainingConfig d = TrainingConfig.defaults();
        TrainingConfig config = new TrainingConfig(Checks.clampToInt(node.integer("batch_size", d.batchSize())),
                node.number("clip_norm", d.clipNorm()));
        node.rejectUnknownKeys();
        return config;
    }
}
