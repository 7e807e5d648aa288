package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemberScoresTest {
    private static MemberScores.TaskScore score(long rows, double mse, double r2) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("mse", mse);
        metrics.put("r2", r2);
        return new MemberScores.TaskScore(rows, metrics);
    }

    @Test
    void shouldWeightMembersByTheirTestRowsAndAverageThemPlainlyToo() {
        SortedMap<String, List<MemberScores.TaskScore>> members = new TreeMap<>();
        members.put("a", List.of(score(1, 4.0, 0.5)));
        members.put("b", List.of(score(3, 0.0, Double.NaN)));
        members.put("c", List.of(score(0, Double.NaN, Double.NaN)));
        MemberScores scores = new MemberScores(List.of("y"), members);

        Map<String, MemberScores.Aggregate> aggregates = scores.aggregates(0);

        assertEquals(List.of("mse", "r2"), List.copyOf(aggregates.keySet()));
        // mse: (1·4 + 3·0) / 4 weighted, (4 + 0) / 2 plain; c has no test rows
        assertEquals(new MemberScores.Aggregate(1.0, 2.0, 2), aggregates.get("mse"));
        // r2 is undefined for b: only a counts
        assertEquals(new MemberScores.Aggregate(0.5, 0.5, 1), aggregates.get("r2"));
    }

    @Test
    void shouldGiveNoAggregateWhereNoMemberHasTheMetric() {
        SortedMap<String, List<MemberScores.TaskScore>> members = new TreeMap<>();
        members.put("a", List.of(score(2, 1.0, Double.NaN)));
        MemberScores.Aggregate r2 = new MemberScores(List.of("y"), members).aggregates(0).get("r2");
        assertEquals(0, r2.members());
        assertEquals(Double.NaN, r2.weighted());
        assertEquals(Double.NaN, r2.plain());
    }

    @Test
    void shouldGroupRowsByMemberInKeyOrderKeepingStreamOrder() {
        List<Example> rows = List.of(row(10, 0), row(11, 1), row(12, 0), row(13, 2));
        Map<Long, String> keys = Map.of(10L, "b", 11L, "a", 12L, "b", 13L, "a");
        SortedMap<String, List<Example>> groups = MemberScores.byMember(rows, e -> keys.get(e.line()));
        assertEquals(List.of("a", "b"), List.copyOf(groups.keySet()));
        assertEquals(List.of(11L, 13L), groups.get("a").stream().map(Example::line).toList());
        assertEquals(List.of(10L, 12L), groups.get("b").stream().map(Example::line).toList());
    }

    @Test
    void shouldRefuseARowWithoutMemberKey() {
        List<Example> rows = List.of(row(10, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemberScores.byMember(rows, example -> null));
        assertEquals("no member key for the row at line 10", e.getMessage());
    }

    @Test
    void shouldMakeTheSharedModelsTestMseTheCountWeightedMeanOverMembers() {
        ModelConfig config = LearnerFixtures.config();
        List<Example> train = EvaluatorTest.examples(config, 20, 2);
        List<Example> test = EvaluatorTest.examples(config, 4, 3);
        MemberEvaluation evaluated = Evaluator.runByMember("mtl", config, train, test, 1, OptionalInt.empty(),
                e -> "m" + (e.line() % 3), n -> { });

        MemberScores members = evaluated.members();

        assertEquals(List.of("m0", "m1", "m2"), List.copyOf(members.members().keySet()));
        for (int t = 0; t < config.tasks().size(); t++) {
            int task = t;
            TaskEvaluation overall = evaluated.result().tasks().get(task);
            long rows = members.members().values().stream().mapToLong(m -> m.get(task).rows()).sum();
            assertEquals(overall.truth().length, rows, "every labeled test row in one member");
        }
        double overallMse = evaluated.result().tasks().get(0).test().get("mse");
        assertEquals(overallMse, members.aggregates(0).get("mse").weighted(), 1e-6 * overallMse);
        double overallAccuracy = evaluated.result().tasks().get(1).test().get("accuracy");
        assertEquals(overallAccuracy, members.aggregates(1).get("accuracy").weighted(), 1e-9);
    }

    private static Example row(long line, float x) {
        return new Example(line, new float[] {x}, new float[] {x}, new boolean[] {true});
    }
}
