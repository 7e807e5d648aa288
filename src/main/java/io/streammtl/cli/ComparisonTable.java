package io.streammtl.cli;

import io.streammtl.learn.EvaluationResult;
import io.streammtl.learn.TaskEvaluation;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a comparison as one table: a row per variant (and per distinct single-task baseline), a column per task
 * metric (test metrics when a test set was given, else prequential); where variants differ only by seed, mean and
 * sample standard deviation rows follow.
 */
final class ComparisonTable {
    private final Comparison comparison;

    ComparisonTable(Comparison comparison) {
        this.comparison = comparison;
    }

    /**
     * The metric values of a result as printed: {@code task metric} → value, on the test set if {@code test} (a task
     * with no test labels gets NaN), else prequential.
     */
    static Map<String, Double> row(EvaluationResult result, boolean test) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (TaskEvaluation task : result.tasks()) {
            Map<String, Double> metrics = test ? task.test() : task.prequential();
            for (String key : task.prequential().keySet()) {
                out.put(task.task().name() + " " + key, metrics.getOrDefault(key, Double.NaN));
            }
        }
        return out;
    }

    /** The single-task models' metrics merged into one row. */
    static Map<String, Double> row(List<EvaluationResult> baseline, boolean test) {
        Map<String, Double> out = new LinkedHashMap<>();
        baseline.forEach(single -> out.putAll(row(single, test)));
        return out;
    }

    void print(PrintWriter out) {
        List<Comparison.Variant> variants = comparison.variants();
        boolean test = comparison.test();
        List<String> columns = new ArrayList<>(row(variants.get(0).result(), test).keySet());
        int widest = 24;
        for (Comparison.Variant v : variants) {
            widest = Math.max(widest, v.name().length() + 2 + (v.baseline().isEmpty() ? 0 : 14));
        }
        int width = widest;
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "variant ("
                + (test ? "test" : "prequential") + ")"));
        for (String column : columns) {
            header.append(String.format(Locale.ROOT, " %16s", column));
        }
        out.println(header);
        out.println("-".repeat(header.length()));
        Map<String, List<Map<String, Double>>> groups = new LinkedHashMap<>();
        for (Comparison.Variant v : variants) {
            Map<String, Double> values = row(v.result(), test);
            line(out, width, v.name().isEmpty() ? "(spec)" : v.name(), columns, values);
            groups.computeIfAbsent(Comparison.group(v.overrides()), g -> new ArrayList<>()).add(values);
            if (!v.baseline().isEmpty()) {
                Map<String, Double> single = row(v.baseline(), test);
                line(out, width, v.name().isEmpty() ? "single-task" : "single-task @ " + v.name(), columns, single);
                String group = Comparison.group(v.overrides());
                groups.computeIfAbsent(group.isEmpty() ? "single-task" : "single-task @ " + group,
                        g -> new ArrayList<>()).add(single);
            }
        }
        boolean seeds = groups.values().stream().anyMatch(g -> g.size() > 1);
        if (seeds) {
            out.println("mean ± sd over seeds:");
            groups.forEach((group, rows) -> summary(out, width, group.isEmpty() ? "(spec)" : group, columns, rows));
        }
    }

    private static void line(PrintWriter out, int width, String name, List<String> columns, Map<String, Double> values) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", name));
        for (String column : columns) {
            Double value = values.get(column);
            line.append(String.format(Locale.ROOT, " %16s", value == null ? "" : value.isNaN() ? "n/a"
                    : String.format(Locale.ROOT, "%.4f", value)));
        }
        out.println(line);
    }

    private static void summary(PrintWriter out, int width, String name, List<String> columns,
                                List<Map<String, Double>> rows) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", name + " (n=" + rows.size()
                + ")"));
        for (String column : columns) {
            double sum = 0;
            double squares = 0;
            int n = 0;
            for (Map<String, Double> row : rows) {
                Double v = row.get(column);
                if (v != null && Double.isFinite(v)) {
                    sum += v;
                    squares += v * v;
                    n++;
                }
            }
            String text = "";
            if (n > 0) {
                double mean = sum / n;
                double sd = n > 1 ? Math.sqrt(Math.max(0, (squares - n * mean * mean) / (n - 1))) : 0;
                text = String.format(Locale.ROOT, "%.4f±%.4f", mean, sd);
            }
            line.append(String.format(Locale.ROOT, " %16s", text));
        }
        out.println(line);
    }
}
