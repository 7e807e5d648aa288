package io.streammtl.learn;

import io.streammtl.config.DriftResponse;

/**
 * The races a task's drift signals started under the {@code challenge} response ({@link DriftChallenge}) and the
 * challengers adopted out of them, over an evaluation.
 */
public record ChallengeCount(int started, int adopted) {
    /** The counts of one task's evaluation. */
    public static ChallengeCount of(TaskEvaluation task) {
        int started = (int) task.drifts().stream().filter(s -> s.response() == DriftResponse.CHALLENGE).count();
        int adopted = (int) task.challengeEnds().stream().filter(e -> e.kind() == ChallengeEvent.Kind.ADOPTED)
                .count();
        return new ChallengeCount(started, adopted);
    }
}
