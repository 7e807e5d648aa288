package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The single-task baseline of a family: one model of the same spec per member, trained only on that member's
 * training rows and scored on that member's test rows; a member with test rows but no training rows has no model
 * and is left out.
 */
public final class PerMemberModels {
    /** How many examples each member's model takes. */
    public enum Budget {
        /** Its own rows, {@code passes} times: a small member's model takes far fewer steps than the shared one. */
        OWN_ROWS,
        /** Its own rows repeated until it has taken as many examples as the shared model ({@code passes} × all). */
        SAME_STEPS
    }

    private PerMemberModels() {
    }

    /**
     * Trains and scores every member's model, the member of a training (test) row as {@code trainMember}
     * ({@code testMember}) names it; {@code progress} hears each member model's examples streamed.
     */
    public static MemberScores run(ModelConfig config, List<Example> train, List<Example> test, int passes,
                                   OptionalInt labelDelay, Function<Example, String> trainMember,
                                   Function<Example, String> testMember, Budget budget, LongConsumer progress) {
        SortedMap<String, List<Example>> trainRows = MemberScores.byMember(train, trainMember);
        long sharedExamples = (long) passes * train.size();
        Map<String, EvaluationResult> results = new TreeMap<>();
        MemberScores.byMember(test, testMember).forEach((member, rows) -> {
            List<Example> own = trainRows.get(member);
            if (own == null) {
                return;
            }
            String label = "single-task " + member;
            results.put(member, budget == Budget.SAME_STEPS
                    ? Evaluator.run(label, config, repeated(own, sharedExamples), rows, 1, labelDelay, progress)
                    : Evaluator.run(label, config, own, rows, passes, labelDelay, progress));
        });
        return MemberScores.ofModels(config.tasks().stream().map(TaskConfig::name).toList(), results);
    }

    /** {@code rows} cycled in order until there are {@code count} of them. */
    static List<Example> repeated(List<Example> rows, long count) {
        List<Example> out = new ArrayList<>((int) Math.min(count, Integer.MAX_VALUE));
        for (long i = 0; i < count; i++) {
            out.add(rows.get((int) (i % rows.size())));
        }
        return out;
    }
}
