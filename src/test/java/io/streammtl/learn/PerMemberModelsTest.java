package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerMemberModelsTest {
    private static final ModelConfig CONFIG = ModelConfigLoader.parse("""
            name: members
            seed: 5
            features: [{name: x}]
            tasks: [{name: y, kind: regression}]
            trunk: {layers: [8]}
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 8}
            """).model();

    /** Rows of member "five" (every label 5) on even lines, member "far" (labels near -40) on odd lines. */
    private static List<Example> rows(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float x = (float) random.nextGaussian();
            float y = i % 2 == 0 ? 5f : (float) (-40 + 10 * x);
            out.add(new Example(i, new float[] {x}, new float[] {y}, new boolean[] {true}));
        }
        return out;
    }

    private static String member(Example e) {
        return e.line() % 2 == 0 ? "five" : "far";
    }

    @Test
    void shouldTrainEachMemberOnlyOnItsOwnRows() {
        MemberScores scores = PerMemberModels.run(CONFIG, rows(400, 1), rows(40, 2), 5, OptionalInt.empty(),
                PerMemberModelsTest::member, PerMemberModelsTest::member, PerMemberModels.Budget.OWN_ROWS, n -> { });

        MemberScores.TaskScore five = scores.members().get("five").get(0);
        assertEquals(20, five.rows());
        assertTrue(five.metrics().get("mse") < 0.05, "a model of constant 5s alone: " + five.metrics());
        assertTrue(scores.members().get("far").get(0).metrics().get("r2") > 0.5, scores.members().get("far").toString());
    }

    @Test
    void shouldLeaveOutAMemberWithTestRowsButNoTrainingRows() {
        List<Example> onlyFive = rows(100, 1).stream().filter(e -> member(e).equals("five")).toList();
        MemberScores scores = PerMemberModels.run(CONFIG, onlyFive, rows(10, 2), 1, OptionalInt.empty(),
                PerMemberModelsTest::member, PerMemberModelsTest::member, PerMemberModels.Budget.OWN_ROWS, n -> { });
        assertEquals(List.of("five"), List.copyOf(scores.members().keySet()));
    }

    @Test
    void shouldCycleAMembersRowsUpToTheSharedModelsExamples() {
        List<Example> own = rows(3, 1);
        List<Example> repeated = PerMemberModels.repeated(own, 8);
        assertEquals(List.of(0L, 1L, 2L, 0L, 1L, 2L, 0L, 1L), repeated.stream().map(Example::line).toList());
    }

    @Test
    void shouldTrainASmallMemberFurtherWithTheSameStepsAsTheSharedModel() {
        List<Example> train = new ArrayList<>(rows(400, 1));
        // a small member: 4 rows of 5s among the far member's 200
        train.removeIf(e -> member(e).equals("five") && e.line() >= 8);
        List<Example> test = rows(40, 2);
        MemberScores own = PerMemberModels.run(CONFIG, train, test, 1, OptionalInt.empty(),
                PerMemberModelsTest::member, PerMemberModelsTest::member, PerMemberModels.Budget.OWN_ROWS, n -> { });
        MemberScores same = PerMemberModels.run(CONFIG, train, test, 1, OptionalInt.empty(),
                PerMemberModelsTest::member, PerMemberModelsTest::member, PerMemberModels.Budget.SAME_STEPS, n -> { });
        double ownMse = own.members().get("five").get(0).metrics().get("mse");
        double sameMse = same.members().get("five").get(0).metrics().get("mse");
        assertTrue(sameMse < ownMse, "204 steps of 4 rows beat one pass over them: " + sameMse + " vs " + ownMse);
    }
}
