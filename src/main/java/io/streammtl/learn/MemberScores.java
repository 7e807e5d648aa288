package io.streammtl.learn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Test metrics of every member of a family (test rows grouped by a member key), per task, and over members the
 * count-weighted mean (each member weighted by its labeled test rows, as multi-task papers report it) and the plain
 * mean of every metric; a member whose metric is undefined (NaN) is left out of that metric's means.
 */
public record MemberScores(List<String> tasks, SortedMap<String, List<TaskScore>> members) {
    /** One member's test scores on one task: its labeled test rows and the metrics on them. */
    public record TaskScore(long rows, Map<String, Double> metrics) {
        public TaskScore {
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }

    /** A metric over members: the count-weighted mean, the plain mean, and how many members had it defined. */
    public record Aggregate(double weighted, double plain, int members) {
    }

    public MemberScores {
        tasks = List.copyOf(tasks);
        members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
    }

    /** Groups {@code examples} by the key {@code memberOf} gives each, members in key order, rows in stream order. */
    public static SortedMap<String, List<Example>> byMember(List<Example> examples,
                                                            Function<Example, String> memberOf) {
        SortedMap<String, List<Example>> out = new TreeMap<>();
        for (Example e : examples) {
            String member = memberOf.apply(e);
            if (member == null) {
                throw new IllegalArgumentException("no member key for the row at line " + e.line());
            }
            out.computeIfAbsent(member, m -> new ArrayList<>()).add(e);
        }
        return out;
    }

    /** The final model's test scores on each member's test rows. */
    static MemberScores of(OnlineLearner learner, List<Example> test, Function<Example, String> memberOf) {
        List<String> names = learner.config().tasks().stream().map(t -> t.name()).toList();
        SortedMap<String, List<TaskScore>> out = new TreeMap<>();
        byMember(test, memberOf).forEach((member, rows) -> {
            TestScores scores = TestScores.of(learner, rows);
            List<TaskScore> perTask = new ArrayList<>();
            for (int t = 0; t < names.size(); t++) {
                perTask.add(new TaskScore(scores.truth(t).length, scores.metrics(t)));
            }
            out.put(member, perTask);
        });
        return new MemberScores(names, out);
    }

    /** The test scores of one model per member: each member's result scored on that member's test rows. */
    public static MemberScores ofModels(List<String> tasks, Map<String, EvaluationResult> byMember) {
        SortedMap<String, List<TaskScore>> out = new TreeMap<>();
        byMember.forEach((member, result) -> out.put(member, result.tasks().stream()
                .map(task -> new TaskScore(task.test().isEmpty() ? 0 : task.truth().length, task.test()))
                .toList()));
        return new MemberScores(tasks, out);
    }

    /** Task {@code t}'s metrics, by name in the order the task reports them, aggregated over members. */
    public Map<String, Aggregate> aggregates(int t) {
        Map<String, Aggregate> out = new LinkedHashMap<>();
        for (String metric : metricNames(t)) {
            double weightedSum = 0;
            double plainSum = 0;
            long rows = 0;
            int counted = 0;
            for (List<TaskScore> member : members.values()) {
                TaskScore score = member.get(t);
                Double value = score.metrics().get(metric);
                if (score.rows() == 0 || value == null || !Double.isFinite(value)) {
                    continue;
                }
                weightedSum += score.rows() * value;
                plainSum += value;
                rows += score.rows();
                counted++;
            }
            out.put(metric, counted == 0 ? new Aggregate(Double.NaN, Double.NaN, 0)
                    : new Aggregate(weightedSum / rows, plainSum / counted, counted));
        }
        return out;
    }

    /** Task {@code t}'s metric names, as the first member with labeled test rows for it reports them. */
    public List<String> metricNames(int t) {
        for (List<TaskScore> member : members.values()) {
            if (member.get(t).rows() > 0) {
                return List.copyOf(member.get(t).metrics().keySet());
            }
        }
        return List.of();
    }
}
