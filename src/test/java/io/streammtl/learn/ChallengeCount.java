package io.streammtl.learn;

import io.streammtl.config.ConfigOverride;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.TaskConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints, for a spec and a numeric CSV (a column per feature and per task, by name; labels on every row), the
 * races the {@code challenge} response started and the challengers it adopted, per model seed: {@code ChallengeCount
 * SPEC CSV SEEDS}. It reports and never fails; {@code evaluate} gives the quality figures.
 */
public final class ChallengeCount {
    private ChallengeCount() {
    }

    public static void main(String[] args) throws IOException {
        List<String> lines;
        try (BufferedReader in = Files.newBufferedReader(Path.of(args[1]))) {
            lines = in.lines().toList();
        }
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int seeds = Integer.parseInt(args[2]);
        for (int seed = 1; seed <= seeds; seed++) {
            ModelConfig config = ModelConfigLoader.load(Path.of(args[0]),
                    List.of(new ConfigOverride("seed", Integer.toString(seed)))).model();
            int[] featureColumns = config.features().stream().mapToInt(f -> header.indexOf(f.name())).toArray();
            int[] taskColumns = config.tasks().stream().map(TaskConfig::name).mapToInt(header::indexOf).toArray();
            OnlineLearner learner = new OnlineLearner(config);
            ExampleBatch batch = ExampleBatch.forModel(config);
            int started = 0;
            int adopted = 0;
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",");
                float[] x = new float[featureColumns.length];
                for (int f = 0; f < x.length; f++) {
                    x[f] = Float.parseFloat(cells[featureColumns[f]]);
                }
                int row = batch.add(x);
                for (int t = 0; t < taskColumns.length; t++) {
                    batch.label(row, t, Float.parseFloat(cells[taskColumns[t]]));
                }
                if (batch.isFull() || i == lines.size() - 1) {
                    learner.predictThenLearn(batch);
                    started += (int) learner.lastSignals().stream()
                            .filter(s -> s.response() == io.streammtl.config.DriftResponse.CHALLENGE).count();
                    adopted += (int) learner.lastChallengeEvents().stream()
                            .filter(e -> e.kind() == ChallengeEvent.Kind.ADOPTED).count();
                    batch.clear();
                }
            }
            System.out.printf(Locale.ROOT, "seed %d: %d races, %d adopted%n", seed, started, adopted);
        }
    }
}
