package io.streammtl.cli;

import io.streammtl.learn.EvaluationResult;
import io.streammtl.learn.TaskEvaluation;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints evaluation results as a per-task table, the multi-task model beside its baseline if any; with delayed
 * labels, the quality of the predictions served on arrival beside the learner's own.
 */
final class EvaluationTable {
    private final EvaluationResult result;
    private final List<EvaluationResult> baselines;

    EvaluationTable(EvaluationResult result, List<EvaluationResult> baselines) {
        this.result = result;
        this.baselines = baselines;
    }

    void print(PrintWriter out) {
        boolean withTest = result.tasks().stream().anyMatch(t -> !t.test().isEmpty());
        boolean withBaseline = !baselines.isEmpty();
        boolean withServed = result.delayedLabels() != null;
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-14s %-10s %-9s %12s %12s",
                "task", "kind", "metric", "prequential", "last-window"));
        if (withServed) {
            header.append(String.format(Locale.ROOT, " %12s %14s", "served", "served-window"));
        }
        if (withTest) {
            header.append(String.format(Locale.ROOT, " %12s", "test"));
        }
        if (withBaseline) {
            header.append(String.format(Locale.ROOT, " | %14s", "single preq."));
            if (withTest) {
                header.append(String.format(Locale.ROOT, " %12s", "single test"));
            }
        }
        out.println(header);
        out.println("-".repeat(header.length()));
        for (int t = 0; t < result.tasks().size(); t++) {
            TaskEvaluation task = result.tasks().get(t);
            TaskEvaluation single = withBaseline ? baselines.get(t).tasks().get(0) : null;
            boolean first = true;
            for (Map.Entry<String, Double> metric : task.prequential().entrySet()) {
                String key = metric.getKey();
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s %-10s %-9s %12s %12s",
                        first ? task.task().name() : "", first ? task.task().kind().name().toLowerCase(Locale.ROOT) : "",
                        key, format(metric.getValue()), format(task.windowed().get(key))));
                if (withServed) {
                    line.append(String.format(Locale.ROOT, " %12s %14s", format(task.served().get(key)),
                            format(task.servedWindowed().get(key))));
                }
                if (withTest) {
                    line.append(String.format(Locale.ROOT, " %12s", format(task.test().get(key))));
                }
                if (single != null) {
                    line.append(String.format(Locale.ROOT, " | %14s", format(single.prequential().get(key))));
                    if (withTest) {
                        line.append(String.format(Locale.ROOT, " %12s", format(single.test().get(key))));
                    }
                }
                out.println(line);
                first = false;
            }
        }
        for (TaskEvaluation task : result.tasks()) {
            for (io.streammtl.learn.DriftSignal d : task.drifts()) {
                if (d.level() != io.streammtl.learn.drift.DriftLevel.STABLE) {
                    out.printf(Locale.ROOT, "%s: %s %s at example %d (loss %.4f -> %.4f), response %s%n",
                            task.task().name(), d.detector(), d.level().name().toLowerCase(Locale.ROOT), d.examples(),
                            d.lossBefore(), d.lossAfter(), d.response().name().toLowerCase(Locale.ROOT));
                }
            }
        }
        ChallengeCountLines.print(out, "", result);
        if (withServed) {
            out.printf(Locale.ROOT, "labels learned %d examples after arrival; served predictions were %.2f steps"
                    + " older than the learner's, on average%n", result.delayedLabels().delay(),
                    result.delayedLabels().meanVersionLag());
        }
        out.printf(Locale.ROOT, "%d examples streamed, %d steps (%d rejected) in %.2f s (%.0f examples/s)%n",
                result.examples(), result.steps(), result.rejectedSteps(), result.seconds(),
                result.examples() / Math.max(result.seconds(), 1e-9));
        if (!result.rejectedRows().isEmpty()) {
            out.println("rows kept from the model: " + counts(result.rejectedRows()));
        }
        if (!result.rejectedTestRows().isEmpty()) {
            out.println("test rows not scored: " + counts(result.rejectedTestRows()));
        }
    }

    private static String counts(Map<String, Long> byReason) {
        return new java.util.TreeMap<>(byReason).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static String format(Double value) {
        if (value == null) {
            return "";
        }
        if (value.isNaN()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
