package io.streammtl.metrics;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.TaskConfig;
import io.streammtl.stream.StepReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The task families' series, with bounded cardinality whatever the number of members: per family its member count,
 * and its {@code k} worst members by windowed loss as {@code rank} 1..k, the member keys only on an info series of
 * those k (computed at scrape time, so a member that leaves the k worst leaves no series behind). Never one series
 * per member.
 */
final class FamilyMetrics {
    private static final List<String> TASK = List.of("model", "task");
    private static final List<String> RANK = List.of("model", "task", "rank");
    private static final List<String> INFO = List.of("model", "task", "rank", "member");

    private final String model;
    private final List<String> taskNames;
    private final int k;
    private volatile int[] members;
    private volatile List<List<Map.Entry<String, Double>>> worst;

    FamilyMetrics(ModelConfig config, MetricRegistry registry, int k) {
        this.model = config.name();
        this.taskNames = config.tasks().stream().map(TaskConfig::name).toList();
        this.k = k;
        int[] none = new int[taskNames.size()];
        for (int t = 0; t < none.length; t++) {
            none[t] = config.tasks().get(t).isFamily() ? 0 : -1;
        }
        this.members = none;
        if (config.tasks().stream().anyMatch(TaskConfig::isFamily)) {
            registry.sampled(this::sample);
        }
    }

    /** Keeps the report's member counts and, when it carries them, its worst members. */
    void show(StepReport report) {
        int[] counts = new int[taskNames.size()];
        for (int t = 0; t < counts.length; t++) {
            counts[t] = report.familyMembers(t);
        }
        members = counts;
        if (report.worstMembers(0) != null) {
            List<List<Map.Entry<String, Double>>> lists = new ArrayList<>();
            for (int t = 0; t < counts.length; t++) {
                List<Map.Entry<String, Double>> all = report.worstMembers(t);
                lists.add(List.copyOf(all.subList(0, Math.min(k, all.size()))));
            }
            worst = lists;
        }
    }

    List<MetricRegistry.Sampled> sample() {
        int[] counts = members;
        List<List<Map.Entry<String, Double>>> ranked = worst;
        List<MetricRegistry.Sample> sizes = new ArrayList<>();
        List<MetricRegistry.Sample> losses = new ArrayList<>();
        List<MetricRegistry.Sample> infos = new ArrayList<>();
        for (int t = 0; t < counts.length; t++) {
            if (counts[t] < 0) {
                continue;
            }
            String task = taskNames.get(t);
            sizes.add(new MetricRegistry.Sample(TASK, List.of(model, task), counts[t]));
            List<Map.Entry<String, Double>> list = ranked == null ? List.of() : ranked.get(t);
            for (int r = 0; r < list.size(); r++) {
                String rank = Integer.toString(r + 1);
                losses.add(new MetricRegistry.Sample(RANK, List.of(model, task, rank), list.get(r).getValue()));
                infos.add(new MetricRegistry.Sample(INFO, List.of(model, task, rank, list.get(r).getKey()), 1));
            }
        }
        return List.of(
                new MetricRegistry.Sampled("streammtl_family_members", MetricRegistry.Kind.GAUGE,
                        "Members of a task family now (each with its own deviation from the family head).", sizes),
                new MetricRegistry.Sampled("streammtl_family_worst_member_loss", MetricRegistry.Kind.GAUGE,
                        "Windowed prequential loss of a family's members ranked worst first (rank 1..metrics."
                                + "family_worst_k); the member is on streammtl_family_worst_member_info.", losses),
                new MetricRegistry.Sampled("streammtl_family_worst_member_info", MetricRegistry.Kind.GAUGE,
                        "Always 1: which member holds each rank of streammtl_family_worst_member_loss (only those"
                                + " k members appear).", infos));
    }
}
