package io.streammtl.cli;

import io.streammtl.stream.TrainingProgress;

import java.util.Locale;
import java.util.Map;

/** One console line of live progress: events, rate, dead letters and each task's windowed metric. */
final class StatusLine {
    private StatusLine() {
    }

    static String format(long events, double perSecond, long deadLetters, Map<String, TrainingProgress.Snapshot> models) {
        return String.format(Locale.ROOT, "%,d events (%,.0f/s), %d dead letters", events, perSecond, deadLetters)
                + models(models);
    }

    /** Each model's version and each task's windowed metric: {@code " | m v12 quality mse 0.41 ..."}. */
    static String models(Map<String, TrainingProgress.Snapshot> models) {
        StringBuilder line = new StringBuilder();
        models.forEach((model, snapshot) -> {
            line.append(String.format(Locale.ROOT, " | %s v%d", model, snapshot.version()));
            snapshot.windowed().forEach((task, metrics) -> {
                String key = metrics.containsKey("mse") ? "mse" : "accuracy";
                line.append(String.format(Locale.ROOT, " %s %s %.3f", task, key, metrics.get(key)));
            });
        });
        return line.toString();
    }
}
