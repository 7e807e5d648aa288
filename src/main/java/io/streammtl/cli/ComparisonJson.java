package io.streammtl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.config.ConfigOverride;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a comparison as {@code {"metrics_on": "test"|"prequential", "variants": [{"name": …, "overrides": {key:
 * value}, "metrics": {"task metric": v}, "steps": n, "seconds": s, "single_task": {...}}]}}; undefined metrics are
 * null; {@code single_task} only where the variant's single-task models differ from an earlier variant's. With rows
 * grouped by member, {@code metrics} holds the aggregates over members and {@code members} the scores of the variant
 * and its baselines as {@link EvaluationMembersJson} writes them.
 */
final class ComparisonJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ComparisonJson() {
    }

    static void write(Path file, Comparison comparison) throws IOException {
        boolean test = comparison.test();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("metrics_on", test ? "test" : "prequential");
        ArrayNode variants = root.putArray("variants");
        for (Comparison.Variant v : comparison.variants()) {
            ObjectNode node = variants.addObject();
            node.put("name", v.name());
            ObjectNode overrides = node.putObject("overrides");
            for (ConfigOverride o : v.overrides()) {
                overrides.put(o.key(), o.value());
            }
            if (v.byMember() != null) {
                node.set("metrics", EvaluationJson.metrics(ComparisonTable.row(
                        v.byMember().byModel().get(MemberResults.MODEL), false)));
                node.set("members", EvaluationMembersJson.of(v.byMember(), comparison.members()));
            } else {
                node.set("metrics", EvaluationJson.metrics(ComparisonTable.row(v.result(), test)));
            }
            node.put("steps", v.result().steps());
            node.put("seconds", v.result().seconds());
            if (!v.baseline().isEmpty()) {
                node.set("single_task", EvaluationJson.metrics(ComparisonTable.row(v.baseline(), test)));
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        MAPPER.writeValue(file.toFile(), root);
    }
}
