package io.streammtl.learn;

/** One model's evaluation and its test scores per member of a family (null where rows were not grouped). */
public record MemberEvaluation(EvaluationResult result, MemberScores members) {
}
