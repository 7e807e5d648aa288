package io.streammtl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.learn.MemberScores;

import java.util.List;
import java.util.Map;

/**
 * Test scores per member as JSON: {@code {"key": [...], "members": N, "untrained_members": [...], "models": {name:
 * {"aggregates": {task: {metric: {"weighted": w, "mean": m, "members": n}}}, "by_member": {member: {task: {"rows":
 * r, "test": {...}}}}}}}}, {@code by_member} only when asked; undefined values are null.
 */
final class EvaluationMembersJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EvaluationMembersJson() {
    }

    static ObjectNode of(MemberResults results, boolean members) {
        ObjectNode root = MAPPER.createObjectNode();
        results.key().forEach(root.putArray("key")::add);
        root.put("members", results.byModel().get(MemberResults.MODEL).members().size());
        results.untrainedMembers().stream().sorted().forEach(root.putArray("untrained_members")::add);
        ObjectNode models = root.putObject("models");
        results.byModel().forEach((name, scores) -> models.set(name, model(scores, members)));
        return root;
    }

    /** One model's aggregates (and members): also the {@code members} entry of a compared variant. */
    static ObjectNode model(MemberScores scores, boolean members) {
        ObjectNode node = MAPPER.createObjectNode();
        ObjectNode aggregates = node.putObject("aggregates");
        for (int t = 0; t < scores.tasks().size(); t++) {
            ObjectNode task = aggregates.putObject(scores.tasks().get(t));
            scores.aggregates(t).forEach((metric, a) -> {
                ObjectNode entry = task.putObject(metric);
                number(entry, "weighted", a.weighted());
                number(entry, "mean", a.plain());
                entry.put("members", a.members());
            });
        }
        if (members) {
            ObjectNode byMember = node.putObject("by_member");
            for (Map.Entry<String, List<MemberScores.TaskScore>> member : scores.members().entrySet()) {
                ObjectNode entry = byMember.putObject(member.getKey());
                for (int t = 0; t < scores.tasks().size(); t++) {
                    MemberScores.TaskScore score = member.getValue().get(t);
                    ObjectNode task = entry.putObject(scores.tasks().get(t));
                    task.put("rows", score.rows());
                    task.set("test", EvaluationJson.metrics(score.metrics()));
                }
            }
        }
        return node;
    }

    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }
}
