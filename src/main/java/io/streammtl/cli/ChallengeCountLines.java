package io.streammtl.cli;

import io.streammtl.config.DriftResponse;
import io.streammtl.learn.ChallengeCount;
import io.streammtl.learn.EvaluationResult;
import io.streammtl.learn.TaskEvaluation;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints, per task that answers drift with a challenger, the races its signals started and the challengers adopted. */
final class ChallengeCountLines {
    private ChallengeCountLines() {
    }

    /** One line per such task of {@code result}, each after {@code variant} and a space unless it is empty. */
    static void print(PrintWriter out, String variant, EvaluationResult result) {
        for (TaskEvaluation task : result.tasks()) {
            if (task.task().drift().response() != DriftResponse.CHALLENGE) {
                continue;
            }
            ChallengeCount count = ChallengeCount.of(task);
            out.printf(Locale.ROOT, "%s%s: drift challenger races started %d, adopted %d%n",
                    variant.isEmpty() ? "" : variant + " ", task.task().name(), count.started(), count.adopted());
        }
    }
}
