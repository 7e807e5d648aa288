package io.streammtl.cli;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.Evaluator;
import io.streammtl.learn.Example;
import io.streammtl.learn.MemberEvaluation;
import io.streammtl.learn.MemberScores;
import io.streammtl.learn.PerMemberModels;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Test scores per member of the spec's model and of the baselines asked for, by model name in print order
 * ({@code model}, then {@code single-task}: one model per member, then {@code pooled}: one model ignoring the key),
 * and the members that had test rows but no training rows.
 */
record MemberResults(List<String> key, Map<String, MemberScores> byModel, Set<String> untrainedMembers) {
    static final String MODEL = "model";
    static final String SINGLE_TASK = "single-task";
    static final String POOLED = "pooled";

    MemberResults {
        key = List.copyOf(key);
        byModel = Collections.unmodifiableMap(new LinkedHashMap<>(byModel));
        untrainedMembers = Set.copyOf(untrainedMembers);
    }

    /** The run that trains the spec's model and each baseline of {@code baselines} on rows keyed by members. */
    record Run(List<String> key, MemberKeys trainMembers, MemberKeys testMembers, List<String> baselines,
               PerMemberModels.Budget budget) {
        Run {
            key = List.copyOf(key);
            baselines = List.copyOf(baselines);
        }

        MemberResults evaluate(MemberEvaluation model, ModelConfig config, List<Example> train, List<Example> test,
                               int passes, OptionalInt labelDelay) {
            Map<String, MemberScores> byModel = new LinkedHashMap<>();
            byModel.put(MODEL, model.members());
            if (baselines.contains(SINGLE_TASK)) {
                byModel.put(SINGLE_TASK, PerMemberModels.run(config, train, test, passes, labelDelay, trainMembers,
                        testMembers, budget, n -> { }));
            }
            if (baselines.contains(POOLED)) {
                ModelConfig pooled = pooled(config);
                byModel.put(POOLED, pooled.equals(config) ? model.members()
                        : Evaluator.runByMember(POOLED, pooled, train, test, passes, labelDelay,
                                testMembers, n -> { }).members());
            }
            Set<String> trained = MemberScores.byMember(train, trainMembers).keySet();
            Set<String> untrained = new TreeSet<>(model.members().members().keySet());
            untrained.removeAll(trained);
            return new MemberResults(key, byModel, untrained);
        }
    }

    /**
     * The spec as one model for all members, ignoring the key: its task families become single tasks (the family
     * head alone); a spec without families is itself (and the model's own run is reused).
     */
    static ModelConfig pooled(ModelConfig config) {
        if (config.tasks().stream().noneMatch(TaskConfig::isFamily)) {
            return config;
        }
        return config.withTasks(config.tasks().stream().map(TaskConfig::withoutFamily).toList());
    }
}
