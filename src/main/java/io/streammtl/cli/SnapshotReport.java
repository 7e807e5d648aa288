package io.streammtl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.learn.SnapshotLayout;

import java.util.stream.Collectors;

/**
 * What {@code inspect} prints about a snapshot, as text or JSON: the record it came in (if any), its format and
 * model version, examples, each parameter group's parameters and bytes, the optimiser's state, the drift
 * detectors' state, and the total; what needs the spec comes from {@link RestoredSnapshot} when one was given.
 */
record SnapshotReport(String source, SnapshotFiles.Loaded loaded, SnapshotLayout layout, RestoredSnapshot restored) {
    /** What formats before 5 do not hold. */
    static final String SPEC_NOT_RECORDED = "not recorded in this format";
    private static final String NEEDS_SPEC = "not readable without the spec (give --config)";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    String text() {
        StringBuilder out = new StringBuilder();
        line(out, "snapshot", source + ": " + (loaded.records().isEmpty() ? "learner snapshot"
                : "ModelSnapshot record" + (loaded.records().size() > 1 ? "s" : "")));
        if (!loaded.records().isEmpty()) {
            ModelSnapshot record = loaded.records().get(0);
            line(out, "record", "model " + record.getModel() + ", version " + record.getVersion() + ", examples "
                    + record.getExamples() + ", " + record.getChunks() + " chunk(s), code " + record.getCodeVersion()
                    + ", created " + record.getCreatedAt());
            line(out, "config_hash", record.getConfigHash() + hashVerdict(record.getConfigHash()));
        }
        line(out, "format", Integer.toString(layout.formatVersion()));
        line(out, "model version", layout.steps() + " steps (rejected: " + layout.rejectedNonFiniteLoss()
                + " non-finite loss, " + layout.rejectedNonFiniteGradient() + " non-finite gradient)");
        line(out, "examples", Long.toString(layout.examples()));
        line(out, "preprocessing", "statistics of " + layout.featureColumns() + " feature and "
                + layout.targetColumns() + " target column(s): " + layout.preprocessingBytes() + " bytes");
        line(out, "parameters", layout.parameterCount() + " in " + layout.groups().size() + " groups (model state"
                + " version " + layout.modelStateVersion() + ")");
        out.append(String.format("  %-16s %10s %12s %12s %10s  %s%n", "group", "steps", "value bytes",
                "optim bytes", "bytes", "parameters"));
        for (SnapshotLayout.Group group : layout.groups()) {
            groupLine(out, group.name(), group);
        }
        for (SnapshotLayout.BackgroundHead head : layout.backgroundHeads()) {
            groupLine(out, head.group().name(), head.group());
        }
        for (SnapshotLayout.Family family : layout.families()) {
            line(out, "family", "task " + family.task() + ": " + family.members() + " members, " + family.bytes()
                    + " bytes");
        }
        line(out, "optimiser", (optimizerKind() == null ? "kind " + SPEC_NOT_RECORDED + " (give --config)"
                : optimizerKind()) + "; state " + layout.optimiserBytes() + " bytes (two buffers per parameter)");
        line(out, "drift", driftText());
        if (layout.spec() == null) {
            line(out, "spec", SPEC_NOT_RECORDED);
        } else {
            layout.spec().summary().forEach(l -> line(out, "spec", l));
        }
        line(out, "other state", layout.specDependentBytes() + " bytes: task weighting, regularisers, drift detectors"
                + " and responses (their sizes follow the spec)");
        line(out, "total", layout.totalBytes() + " bytes");
        return out.toString();
    }

    /** From the --config spec if given, else as the snapshot records it (format 5); null if neither says. */
    private String optimizerKind() {
        return restored != null ? restored.optimizer() : layout.spec() == null ? null : layout.spec().optimizer();
    }

    private String hashVerdict(String recorded) {
        if (restored == null) {
            return "";
        }
        return recorded.equals(restored.specHash()) ? " (the --config spec's hash)"
                : " (differs from the --config spec's " + restored.specHash() + ")";
    }

    private String driftText() {
        if (layout.formatVersion() < 4) {
            return "format " + layout.formatVersion() + " stored the detectors Java-serialised: not read, they start"
                    + " afresh on restore";
        }
        if (restored == null) {
            return NEEDS_SPEC;
        }
        if (!restored.hasDriftState()) {
            return "absent (no task is watched)";
        }
        return "present: " + restored.drift().stream()
                .map(d -> d.task() + " " + d.detector() + (d.detector().equals("none") ? "" : " (" + d.seen()
                        + " examples seen)"))
                .collect(Collectors.joining(", "));
    }

    private static void groupLine(StringBuilder out, String name, SnapshotLayout.Group group) {
        String parameters = group.parameters().stream().map(p -> p.name() + "[" + p.size() + "]")
                .collect(Collectors.joining(" "));
        out.append(String.format("  %-16s %10d %12d %12d %10d  %s%n", name, group.steps(), group.valueBytes(),
                group.optimiserBytes(), group.bytes(), parameters));
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-14s %s%n", label, value));
    }

    String json() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("source", source);
        root.put("kind", loaded.records().isEmpty() ? "learner_snapshot" : "model_snapshot_record");
        if (!loaded.records().isEmpty()) {
            ModelSnapshot record = loaded.records().get(0);
            ObjectNode node = root.putObject("record");
            node.put("model", record.getModel());
            node.put("version", record.getVersion());
            node.put("examples", record.getExamples());
            node.put("chunks", record.getChunks());
            node.put("config_hash", record.getConfigHash());
            node.put("code_version", record.getCodeVersion());
            node.put("created_at", record.getCreatedAt().toString());
            if (restored != null) {
                node.put("config_hash_matches_spec", record.getConfigHash().equals(restored.specHash()));
            }
        }
        root.put("format_version", layout.formatVersion());
        root.put("model_version", layout.steps());
        root.put("rejected_non_finite_loss", layout.rejectedNonFiniteLoss());
        root.put("rejected_non_finite_gradient", layout.rejectedNonFiniteGradient());
        root.put("examples", layout.examples());
        ObjectNode preprocessing = root.putObject("preprocessing");
        preprocessing.put("feature_columns", layout.featureColumns());
        preprocessing.put("target_columns", layout.targetColumns());
        preprocessing.put("bytes", layout.preprocessingBytes());
        root.put("model_state_version", layout.modelStateVersion());
        root.put("parameters", layout.parameterCount());
        ArrayNode groups = root.putArray("parameter_groups");
        layout.groups().forEach(g -> groups.add(groupJson(g)));
        ArrayNode background = root.putArray("background_heads");
        layout.backgroundHeads().forEach(h -> background.add(groupJson(h.group()).put("task", h.task())));
        ArrayNode families = root.putArray("families");
        layout.families().forEach(f -> families.addObject().put("task", f.task()).put("members", f.members())
                .put("bytes", f.bytes()));
        ObjectNode optimizer = root.putObject("optimizer");
        optimizer.put("kind", optimizerKind());
        optimizer.put("state_bytes", layout.optimiserBytes());
        root.set("drift", driftJson());
        if (layout.spec() == null) {
            root.putNull("spec");
            root.put("spec_note", SPEC_NOT_RECORDED);
        } else {
            root.set("spec", MAPPER.valueToTree(layout.spec()));
        }
        root.put("spec_dependent_bytes", layout.specDependentBytes());
        root.put("total_bytes", layout.totalBytes());
        return root.toPrettyString() + System.lineSeparator();
    }

    private ObjectNode driftJson() {
        ObjectNode drift = MAPPER.createObjectNode();
        if (layout.formatVersion() < 4) {
            drift.put("state", "not_read");
        } else if (restored == null) {
            drift.put("state", "unknown_without_spec");
        } else {
            drift.put("state", restored.hasDriftState() ? "present" : "absent");
            ObjectNode tasks = drift.putObject("tasks");
            for (RestoredSnapshot.TaskDrift task : restored.drift()) {
                tasks.putObject(task.task()).put("detector", task.detector()).put("seen", task.seen());
            }
        }
        return drift;
    }

    private static ObjectNode groupJson(SnapshotLayout.Group group) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", group.name());
        node.put("steps", group.steps());
        ArrayNode parameters = node.putArray("parameters");
        for (SnapshotLayout.Parameter p : group.parameters()) {
            parameters.addObject().put("name", p.name()).put("size", p.size());
        }
        node.put("elements", group.elements());
        node.put("value_bytes", group.valueBytes());
        node.put("optimizer_bytes", group.optimiserBytes());
        node.put("bytes", group.bytes());
        return node;
    }
}
