package io.streammtl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.learn.EvaluationResult;
import io.streammtl.learn.TaskEvaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes evaluation results as {@code {"tasks": {task: {"prequential": {...}, "test": {...}}}, "examples": N,
 * "seconds": S}}, with {@code "baseline": {"single-task": {"tasks": ...}}} when a baseline ran and, with delayed
 * labels, {@code "served"} and {@code "served_window"} per task and {@code "label_delay": {"examples": N,
 * "mean_version_lag": L}} and, with rows grouped by member, {@code "members"}; undefined metrics are null.
 */
final class EvaluationJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvaluationJson() {
    }

    static void write(Path file, EvaluationResult result, List<EvaluationResult> baselines) throws IOException {
        write(file, result, baselines, null, false);
    }

    /** As above, with the test scores per member ({@code "members"}, see {@link EvaluationMembersJson}) if any. */
    static void write(Path file, EvaluationResult result, List<EvaluationResult> baselines, MemberResults byMember,
                      boolean members) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("tasks", tasks(result.tasks()));
        root.put("examples", result.examples());
        root.put("seconds", result.seconds());
        root.put("steps", result.steps());
        root.put("rejected_steps", result.rejectedSteps());
        root.set("rejected_rows", MAPPER.valueToTree(new java.util.TreeMap<>(result.rejectedRows())));
        root.set("rejected_test_rows", MAPPER.valueToTree(new java.util.TreeMap<>(result.rejectedTestRows())));
        if (result.delayedLabels() != null) {
            ObjectNode delay = root.putObject("label_delay");
            delay.put("examples", result.delayedLabels().delay());
            delay.put("mean_version_lag", result.delayedLabels().meanVersionLag());
        }
        if (!baselines.isEmpty()) {
            ObjectNode singleTasks = MAPPER.createObjectNode();
            for (EvaluationResult single : baselines) {
                singleTasks.setAll(tasks(single.tasks()));
            }
            ObjectNode single = MAPPER.createObjectNode();
            single.set("tasks", singleTasks);
            root.putObject("baseline").set("single-task", single);
        }
        if (byMember != null) {
            root.set("members", EvaluationMembersJson.of(byMember, members));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        MAPPER.writeValue(file.toFile(), root);
    }

    private static ObjectNode tasks(List<TaskEvaluation> tasks) {
        ObjectNode node = MAPPER.createObjectNode();
        for (TaskEvaluation task : tasks) {
            ObjectNode entry = node.putObject(task.task().name());
            entry.set("prequential", metrics(task.prequential()));
            entry.set("prequential_window", metrics(task.windowed()));
            if (!task.served().isEmpty()) {
                entry.set("served", metrics(task.served()));
                entry.set("served_window", metrics(task.servedWindowed()));
            }
            entry.set("test", metrics(task.test()));
            var drifts = entry.putArray("drift");
            for (io.streammtl.learn.DriftSignal d : task.drifts()) {
                ObjectNode signal = drifts.addObject();
                signal.put("examples", d.examples());
                signal.put("detector", d.detector());
                signal.put("level", d.level().name().toLowerCase(java.util.Locale.ROOT));
                signal.put("response", d.response().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return node;
    }

    /** Metrics by name as a JSON object; a missing or non-finite value is written as null. */
    static ObjectNode metrics(Map<String, Double> values) {
        ObjectNode node = MAPPER.createObjectNode();
        values.forEach((key, value) -> {
            if (value == null || !Double.isFinite(value)) {
                node.putNull(key);
            } else {
                node.put(key, value);
            }
        });
        return node;
    }
}
