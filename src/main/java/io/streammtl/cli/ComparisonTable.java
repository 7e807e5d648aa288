package io.streammtl.cli;

import io.streammtl.learn.EvaluationResult;
import io.streammtl.learn.MemberScores;
import io.streammtl.learn.TaskEvaluation;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a comparison as one table: a row per variant (and per distinct single-task baseline), a column per task
 * metric (test metrics when a test set was given, else prequential; with rows grouped by member, each metric's
 * count-weighted and plain mean over members); where variants differ only by seed, mean and sample standard
 * deviation rows follow.
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

    /**
     * Aggregates over members as printed: {@code task metric} → count-weighted mean, {@code task metric mean} → plain
     * mean, and with {@code members} {@code task metric @member} → that member's value.
     */
    static Map<String, Double> row(MemberScores scores, boolean members) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int t = 0; t < scores.tasks().size(); t++) {
            String task = scores.tasks().get(t);
            scores.aggregates(t).forEach((metric, a) -> {
                out.put(task + " " + metric, a.weighted());
                out.put(task + " " + metric + " mean", a.plain());
            });
        }
        if (members) {
            for (int t = 0; t < scores.tasks().size(); t++) {
                String task = scores.tasks().get(t);
                for (String metric : scores.metricNames(t)) {
                    for (Map.Entry<String, List<MemberScores.TaskScore>> m : scores.members().entrySet()) {
                        Double value = m.getValue().get(t).metrics().get(metric);
                        out.put(task + " " + metric + " @" + m.getKey(), value == null ? Double.NaN : value);
                    }
                }
            }
        }
        return out;
    }

    /** A printed row: its name, the seed group it is summarised in, and its values by column. */
    private record Row(String name, String group, Map<String, Double> values) {
    }

    /** The rows of a variant: itself, then its baselines. */
    private List<Row> rows(Comparison.Variant v) {
        boolean test = comparison.test();
        String group = Comparison.group(v.overrides());
        List<Row> out = new ArrayList<>();
        if (v.byMember() != null) {
            v.byMember().byModel().forEach((model, scores) -> out.add(model.equals(MemberResults.MODEL)
                    ? new Row(v.name().isEmpty() ? "(spec)" : v.name(), group, row(scores, comparison.members()))
                    : new Row(at(model, v.name()), at(model, group), row(scores, comparison.members()))));
            return out;
        }
        out.add(new Row(v.name().isEmpty() ? "(spec)" : v.name(), group, row(v.result(), test)));
        if (!v.baseline().isEmpty()) {
            out.add(new Row(at("single-task", v.name()), at("single-task", group), row(v.baseline(), test)));
        }
        return out;
    }

    private static String at(String baseline, String variant) {
        return variant.isEmpty() ? baseline : baseline + " @ " + variant;
    }

    void print(PrintWriter out) {
        List<Comparison.Variant> variants = comparison.variants();
        boolean test = comparison.test();
        List<List<Row>> rows = variants.stream().map(this::rows).toList();
        List<String> columns = new ArrayList<>(rows.get(0).get(0).values().keySet());
        int widest = 24;
        for (List<Row> variantRows : rows) {
            for (Row r : variantRows) {
                widest = Math.max(widest, r.name().length() + 2);
            }
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
        for (List<Row> variantRows : rows) {
            for (Row r : variantRows) {
                line(out, width, r.name(), columns, r.values());
                groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r.values());
            }
        }
        boolean seeds = groups.values().stream().anyMatch(g -> g.size() > 1);
        if (seeds) {
            out.println("mean ± sd over seeds:");
            groups.forEach((group, values) -> summary(out, width, group.isEmpty() ? "(spec)" : group, columns, values));
        }
        variants.forEach(variant -> ChallengeCountLines.print(out, variant.name(), variant.result()));
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
