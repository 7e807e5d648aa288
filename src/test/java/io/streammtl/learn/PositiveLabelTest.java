package io.streammtl.learn;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.data.csv.CsvFormat;
import io.streammtl.data.csv.CsvReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PositiveLabelTest {
    private static final String FEATURES = "seed: 3\nfeatures: [{name: x}]\ntraining: {batch_size: 8}\n";
    private static final ModelConfig WORDS = ModelConfigLoader.parse(FEATURES + """
            tasks: [{name: up, kind: binary, label: {column: direction, positive: [UP, up]}}]
            """).model();
    private static final ModelConfig NUMBERS = ModelConfigLoader.parse(FEATURES + """
            tasks: [{name: up, kind: binary, label: {column: direction}}]
            """).model();

    private static List<Example> read(ModelConfig config, String csv) {
        try (CsvReader reader = CsvReader.open(new StringReader(csv), "t.csv", CsvFormat.detect())) {
            return RowEncoder.readAll(config, reader);
        }
    }

    /** A seeded table where the direction is UP when x is positive, written once in words and once as 0/1. */
    private static String[] tables(int rows) {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder words = new StringBuilder("x,direction\n");
        StringBuilder numbers = new StringBuilder("x,direction\n");
        for (int i = 0; i < rows; i++) {
            double x = random.nextDouble(-1, 1);
            boolean up = x + random.nextDouble(-0.2, 0.2) > 0;
            words.append(x).append(',').append(up ? (i % 2 == 0 ? "UP" : "up") : "DOWN").append('\n');
            numbers.append(x).append(',').append(up ? 1 : 0).append('\n');
        }
        return new String[] {words.toString(), numbers.toString()};
    }

    @Test
    void shouldReadPositiveValuesAsOneOtherValuesAsZeroAndEmptyAsUnlabeled() {
        List<Example> rows = read(WORDS, "x,direction\n1,UP\n2,up\n3,DOWN\n4,sideways\n5,\n");
        assertArrayEquals(new float[] {1, 1, 0, 0, 0},
                new float[] {rows.get(0).labels()[0], rows.get(1).labels()[0], rows.get(2).labels()[0],
                        rows.get(3).labels()[0], rows.get(4).labels()[0]});
        assertFalse(rows.get(4).hasLabel(0));
    }

    @Test
    void shouldMatchANumericPositiveValueByValue() {
        ModelConfig config = ModelConfigLoader.parse(
                "features: [{name: x}]\ntasks: [{name: up, kind: binary, label: {column: d, positive: 5}}]").model();
        List<Example> rows = read(config, "x,d\n1,5.0\n1,6\n");
        assertEquals(1f, rows.get(0).labels()[0]);
        assertEquals(0f, rows.get(1).labels()[0]);
    }

    @Test
    void shouldEvaluateWordLabelsExactlyAsTheSameLabelsWrittenAsZeroAndOne() {
        String[] tables = tables(400);
        List<Example> words = read(WORDS, tables[0]);
        List<Example> numbers = read(NUMBERS, tables[1]);
        EvaluationResult fromWords = Evaluator.run("words", WORDS, words.subList(0, 300), words.subList(300, 400), 2,
                OptionalInt.empty(), n -> { });
        EvaluationResult fromNumbers = Evaluator.run("numbers", NUMBERS, numbers.subList(0, 300),
                numbers.subList(300, 400), 2, OptionalInt.empty(), n -> { });
        TaskEvaluation a = fromWords.tasks().get(0);
        TaskEvaluation b = fromNumbers.tasks().get(0);
        assertEquals(b.prequential(), a.prequential());
        assertEquals(b.test(), a.test());
        assertArrayEquals(b.truth(), a.truth());
        assertArrayEquals(b.predicted(), a.predicted());
        assertEquals(fromNumbers.steps(), fromWords.steps());
    }
}
