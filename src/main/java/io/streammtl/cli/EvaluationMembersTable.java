package io.streammtl.cli;

import io.streammtl.learn.MemberScores;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints test scores per member: for every task and metric, each model's count-weighted mean, plain mean and
 * member count side by side; with {@code members}, a row per member, task and metric too.
 */
final class EvaluationMembersTable {
    private static final int SHOWN_UNTRAINED = 5;

    private final MemberResults results;

    EvaluationMembersTable(MemberResults results) {
        this.results = results;
    }

    void print(PrintWriter out, boolean members) {
        MemberScores model = results.byModel().get(MemberResults.MODEL);
        out.printf(Locale.ROOT, "test by member of %s: %d members (weighted: mean weighted by each member's test "
                + "rows; mean: plain mean over members)%n", String.join("/", results.key()), model.members().size());
        StringBuilder names = new StringBuilder(String.format(Locale.ROOT, "%-24s", ""));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-14s %-9s", "task", "metric"));
        for (String name : results.byModel().keySet()) {
            names.append(String.format(Locale.ROOT, " | %-29s", name));
            header.append(String.format(Locale.ROOT, " | %10s %10s %7s", "weighted", "mean", "members"));
        }
        out.println(names);
        out.println(header);
        out.println("-".repeat(header.length()));
        for (int t = 0; t < model.tasks().size(); t++) {
            boolean first = true;
            for (String metric : model.metricNames(t)) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s %-9s",
                        first ? model.tasks().get(t) : "", metric));
                for (MemberScores scores : results.byModel().values()) {
                    MemberScores.Aggregate a = scores.aggregates(t).get(metric);
                    line.append(a == null ? String.format(Locale.ROOT, " | %10s %10s %7s", "", "", "")
                            : String.format(Locale.ROOT, " | %10s %10s %7d", format(a.weighted()),
                            format(a.plain()), a.members()));
                }
                out.println(line);
                first = false;
            }
        }
        // the pooled baseline reuses the model's own scores (the same object) when the spec has no member structure
        if (results.byModel().get(MemberResults.POOLED) == model) {
            out.println("pooled: the spec has no member structure, so the model is the pooled model");
        }
        if (!results.untrainedMembers().isEmpty() && results.byModel().containsKey(MemberResults.SINGLE_TASK)) {
            List<String> shown = results.untrainedMembers().stream().sorted().limit(SHOWN_UNTRAINED).toList();
            out.printf(Locale.ROOT, "single-task: %d members with test rows but no training rows have no model (%s%s)%n",
                    results.untrainedMembers().size(), String.join(", ", shown),
                    results.untrainedMembers().size() > shown.size() ? ", ..." : "");
        }
        if (members) {
            printMembers(out, model);
        }
    }

    private void printMembers(PrintWriter out, MemberScores model) {
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s %-14s %-9s %6s", "member", "task",
                "metric", "rows"));
        for (String name : results.byModel().keySet()) {
            header.append(String.format(Locale.ROOT, " %12s", name));
        }
        out.println(header);
        out.println("-".repeat(header.length()));
        for (Map.Entry<String, List<MemberScores.TaskScore>> member : model.members().entrySet()) {
            for (int t = 0; t < model.tasks().size(); t++) {
                MemberScores.TaskScore own = member.getValue().get(t);
                if (own.rows() == 0) {
                    continue;
                }
                for (String metric : model.metricNames(t)) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s %-14s %-9s %6d",
                            member.getKey(), model.tasks().get(t), metric, own.rows()));
                    for (MemberScores scores : results.byModel().values()) {
                        List<MemberScores.TaskScore> theirs = scores.members().get(member.getKey());
                        Double value = theirs == null ? null : theirs.get(t).metrics().get(metric);
                        line.append(String.format(Locale.ROOT, " %12s", value == null ? "-" : format(value)));
                    }
                    out.println(line);
                }
            }
        }
    }

    static String format(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "n/a";
    }
}
