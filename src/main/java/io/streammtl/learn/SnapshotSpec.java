package io.streammtl.learn;

import io.streammtl.config.FeatureConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelSpecHash;
import io.streammtl.config.TaskConfig;
import io.streammtl.config.TaskKind;
import io.streammtl.learn.state.StateReader;
import io.streammtl.learn.state.StateWriter;
import io.streammtl.model.NetworkInputs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The part of a model spec that a snapshot's layout depends on, recorded in the snapshot (format 5) so that a
 * restart under a changed spec can map old parameters to new ones by name: features with their encoded widths,
 * tasks with kind, classes, standardised target and family (format 6), what stands between inputs and trunk ({@link #NO_STAGE},
 * {@link #EMBEDDINGS}, {@link #PROJECTIONS}), trunk and head widths, the optimiser's kind; plus the spec's name,
 * seed and hash for {@code inspect}.
 */
public record SnapshotSpec(String name, long seed, String hash, List<Feature> features, int inputStage,
                           List<Task> tasks, List<Integer> trunk, String trunkActivation, List<Integer> headHidden,
                           String headActivation, String optimizer) {
    /** The inputs feed the trunk as they are. */
    public static final int NO_STAGE = 0;
    /** Embedding tables in front of the trunk, no task-specific inputs. */
    public static final int EMBEDDINGS = 1;
    /** Task-specific input projections (feature sets that follow the tasks), with or without embeddings. */
    public static final int PROJECTIONS = 2;

    public SnapshotSpec {
        features = List.copyOf(features);
        tasks = List.copyOf(tasks);
        trunk = List.copyOf(trunk);
        headHidden = List.copyOf(headHidden);
    }

    /** A feature: its name, type and number of encoded input columns. */
    public record Feature(String name, String type, int width) {
    }

    /**
     * A task: its name, kind, class names (empty unless multiclass), whether its target is standardised, and the
     * family it defines (null: a single task).
     */
    public record Task(String name, String kind, List<String> classes, boolean standardizedTarget, Family family) {
        public Task {
            classes = List.copyOf(classes);
        }

        /** A single task. */
        public Task(String name, String kind, List<String> classes, boolean standardizedTarget) {
            this(name, kind, classes, standardizedTarget, null);
        }

        /** The family's key fields; empty for a single task. */
        public List<String> per() {
            return family == null ? List.of() : family.per();
        }

        /** This task as the layout sees it: the family's settings aside, its key fields kept. */
        Task layout() {
            return family == null ? this
                    : new Task(name, kind, classes, standardizedTarget, new Family(family.per(), 0, 0, 0));
        }
    }

    /** A task family's key fields and settings ({@code per}, {@code family.*}). */
    public record Family(List<String> per, int maxMembers, long idleTtlExamples, double shrink) {
        public Family {
            per = List.copyOf(per);
        }
    }

    /** What {@code config} records. */
    public static SnapshotSpec of(ModelConfig config) {
        List<Feature> features = config.features().stream()
                .map(f -> new Feature(f.name(), lower(f.type().name()), f.width())).toList();
        List<Task> tasks = new ArrayList<>();
        for (TaskConfig task : config.tasks()) {
            boolean standardized = task.kind() == TaskKind.REGRESSION && config.preprocessing().standardizeTargets();
            Family family = task.family() == null ? null : new Family(task.family().per(), task.family().maxMembers(),
                    task.family().idleTtlExamples(), task.family().shrink());
            tasks.add(new Task(task.name(), lower(task.kind().name()), task.classes(), standardized, family));
        }
        NetworkInputs wiring = NetworkInputs.of(config);
        int stage = wiring.projected() ? PROJECTIONS
                : config.features().stream().anyMatch(FeatureConfig::embedded) ? EMBEDDINGS : NO_STAGE;
        return new SnapshotSpec(config.name(), config.seed(), ModelSpecHash.of(config), features, stage, tasks,
                config.trunk().layers(), lower(config.trunk().activation().name()), config.heads().hidden(),
                lower(config.heads().activation().name()), lower(config.optimizer().kind().name()));
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /** The tasks as the layout sees them (family settings aside). */
    List<Task> layoutTasks() {
        return tasks.stream().map(Task::layout).toList();
    }

    /**
     * Whether the two record the same layout (the hash aside: a changed learning rate keeps the layout, and so do
     * changed family settings, which apply from the next step).
     */
    public boolean sameLayout(SnapshotSpec other) {
        return features.equals(other.features) && inputStage == other.inputStage
                && layoutTasks().equals(other.layoutTasks())
                && trunk.equals(other.trunk) && trunkActivation.equals(other.trunkActivation)
                && headHidden.equals(other.headHidden) && headActivation.equals(other.headActivation)
                && optimizer.equals(other.optimizer);
    }

    void write(StateWriter out) {
        out.putString(name).putLong(seed).putString(hash);
        out.putInt(features.size());
        for (Feature f : features) {
            out.putString(f.name()).putString(f.type()).putInt(f.width());
        }
        out.putByte(inputStage);
        out.putInt(tasks.size());
        for (Task t : tasks) {
            out.putString(t.name()).putString(t.kind()).putInt(t.classes().size());
            t.classes().forEach(out::putString);
            out.putByte(t.standardizedTarget() ? 1 : 0);
            out.putInt(t.per().size());
            t.per().forEach(out::putString);
            if (t.family() != null) {
                out.putInt(t.family().maxMembers()).putLong(t.family().idleTtlExamples())
                        .putDouble(t.family().shrink());
            }
        }
        putInts(out, trunk);
        out.putString(trunkActivation);
        putInts(out, headHidden);
        out.putString(headActivation).putString(optimizer);
    }

    /** Reads a spec of format 6, which records task families. */
    static SnapshotSpec read(StateReader in) throws IOException {
        return read(in, true);
    }

    /** Reads a spec of format 6 ({@code families}) or 5 (no families). */
    static SnapshotSpec read(StateReader in, boolean families) throws IOException {
        String name = in.getString();
        long seed = in.getLong();
        String hash = in.getString();
        int featureCount = in.getCount("features", in.remaining());
        List<Feature> features = new ArrayList<>();
        for (int i = 0; i < featureCount; i++) {
            features.add(new Feature(in.getString(), in.getString(), in.getInt()));
        }
        int stage = in.getByte();
        int taskCount = in.getCount("tasks", in.remaining());
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < taskCount; i++) {
            String task = in.getString();
            String kind = in.getString();
            int classCount = in.getCount("classes of task " + task, in.remaining());
            List<String> classes = new ArrayList<>();
            for (int c = 0; c < classCount; c++) {
                classes.add(in.getString());
            }
            boolean standardized = in.getByte() != 0;
            tasks.add(new Task(task, kind, classes, standardized, families ? family(in, task) : null));
        }
        List<Integer> trunk = getInts(in, "trunk layers");
        String trunkActivation = in.getString();
        List<Integer> hidden = getInts(in, "head layers");
        return new SnapshotSpec(name, seed, hash, features, stage, tasks, trunk, trunkActivation, hidden,
                in.getString(), in.getString());
    }

    private static Family family(StateReader in, String task) throws IOException {
        int count = in.getCount("key fields of task " + task, in.remaining());
        if (count == 0) {
            return null;
        }
        List<String> per = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            per.add(in.getString());
        }
        return new Family(per, in.getInt(), in.getLong(), in.getDouble());
    }

    private static void putInts(StateWriter out, List<Integer> values) {
        out.putInt(values.size());
        values.forEach(out::putInt);
    }

    private static List<Integer> getInts(StateReader in, String what) throws IOException {
        int count = in.getCount(what, in.remaining() / 4);
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(in.getInt());
        }
        return values;
    }

    /** One line per part: name and seed, features, tasks, trunk, heads, optimiser (for {@code inspect}). */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add("model: " + name + " (seed " + seed + ", spec " + hash.substring(0, Math.min(12, hash.length())) + ")");
        lines.add("features: " + String.join(", ", features.stream()
                .map(f -> f.name() + " (" + f.type() + (f.width() == 1 ? "" : ", " + f.width() + " columns") + ")")
                .toList()) + (inputStage == PROJECTIONS ? "; task-specific input projections"
                : inputStage == EMBEDDINGS ? "; embeddings" : ""));
        lines.add("tasks: " + String.join(", ", tasks.stream()
                .map(t -> t.name() + " (" + t.kind() + (t.classes().isEmpty() ? "" : " " + t.classes())
                        + (t.family() == null ? "" : ", per " + String.join("/", t.per())) + ")")
                .toList()));
        lines.add("trunk: " + trunk + " " + trunkActivation + "; heads: hidden " + headHidden + " " + headActivation
                + "; optimizer: " + optimizer);
        return lines;
    }
}
