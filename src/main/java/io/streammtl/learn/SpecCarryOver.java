package io.streammtl.learn;

import io.streammtl.model.StateMapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a snapshot made under one spec carries over into a learner of another, mapped by name: the trunk and the heads
 * of tasks in both keep parameters and optimiser state, new tasks and features start fresh (a new feature's input
 * weights at zero), removed ones are dropped, preprocessing statistics follow their feature or task; task weighting,
 * regulariser and drift state are kept only when the task set is unchanged; an unchanged family keeps its members.
 * A change that cannot carry over (trunk or head widths, a task's kind, classes or family key fields {@code per}, the
 * optimiser, features of a model with an input stage) is refused with one
 * message naming every such change.
 */
final class SpecCarryOver {
    static final String START_FRESH = "keep the old spec, or start fresh with serve --reset-model (it drops the"
            + " stored model)";

    private final SnapshotSpec before;
    private final SnapshotSpec now;
    private final int[] taskOf;
    private final int[] featureColumnOf;
    private final int[] targetColumnOf;
    private final boolean featuresChanged;
    private final boolean tasksUnchanged;

    private SpecCarryOver(SnapshotSpec before, SnapshotSpec now) {
        this.before = before;
        this.now = now;
        this.taskOf = taskMapping(before, now);
        this.featureColumnOf = columnMapping(before, now);
        this.targetColumnOf = targetMapping(before, now);
        this.featuresChanged = !before.features().equals(now.features());
        this.tasksUnchanged = before.layoutTasks().equals(now.layoutTasks());
    }

    /**
     * The carry-over from {@code before} to {@code now}.
     *
     * @throws IllegalArgumentException naming every change that cannot carry over, and how to start fresh
     */
    static SpecCarryOver plan(SnapshotSpec before, SnapshotSpec now) {
        List<String> refused = refusals(before, now);
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("the spec changed in ways the stored model cannot carry over: "
                    + String.join("; ", refused) + "; " + START_FRESH);
        }
        return new SpecCarryOver(before, now);
    }

    private static List<String> refusals(SnapshotSpec before, SnapshotSpec now) {
        List<String> refused = new ArrayList<>();
        if (!before.trunk().equals(now.trunk()) || !before.trunkActivation().equals(now.trunkActivation())) {
            refused.add("trunk " + before.trunk() + " " + before.trunkActivation() + " -> " + now.trunk() + " "
                    + now.trunkActivation());
        }
        if (!before.headHidden().equals(now.headHidden()) || !before.headActivation().equals(now.headActivation())) {
            refused.add("heads hidden " + before.headHidden() + " " + before.headActivation() + " -> "
                    + now.headHidden() + " " + now.headActivation());
        }
        if (!before.optimizer().equals(now.optimizer())) {
            refused.add("optimizer " + before.optimizer() + " -> " + now.optimizer());
        }
        Map<String, SnapshotSpec.Task> tasks = new HashMap<>();
        now.tasks().forEach(t -> tasks.put(t.name(), t));
        for (SnapshotSpec.Task old : before.tasks()) {
            SnapshotSpec.Task task = tasks.get(old.name());
            if (task != null && (!task.kind().equals(old.kind()) || !task.classes().equals(old.classes()))) {
                refused.add("task '" + old.name() + "' " + old.kind() + describe(old.classes()) + " -> "
                        + task.kind() + describe(task.classes()));
            }
            if (task != null && !task.per().equals(old.per())) {
                refused.add("task '" + old.name() + "' per " + describePer(old.per()) + " -> "
                        + describePer(task.per()) + " (a family's members are keyed by its per fields)");
            }
        }
        Map<String, SnapshotSpec.Feature> features = new HashMap<>();
        now.features().forEach(f -> features.put(f.name(), f));
        for (SnapshotSpec.Feature old : before.features()) {
            SnapshotSpec.Feature feature = features.get(old.name());
            if (feature != null && !feature.equals(old)) {
                refused.add("feature '" + old.name() + "' " + old.type() + " of " + old.width() + " columns -> "
                        + feature.type() + " of " + feature.width() + " columns");
            }
        }
        // Behind embeddings or projections the trunk's input rows are not the features' columns; projections
        // follow feature sets that the tasks define, numbered in task order.
        int stage = Math.max(before.inputStage(), now.inputStage());
        if (stage != SnapshotSpec.NO_STAGE && !before.features().equals(now.features())) {
            refused.add("features " + names(before) + " -> " + names(now)
                    + " in a model with task-specific inputs or embeddings");
        }
        if (stage == SnapshotSpec.PROJECTIONS && !before.layoutTasks().equals(now.layoutTasks())) {
            refused.add("tasks " + taskNames(before) + " -> " + taskNames(now) + " in a model with task-specific inputs");
        }
        if (before.inputStage() != now.inputStage()) {
            refused.add("input stage " + stageName(before.inputStage()) + " -> " + stageName(now.inputStage()));
        }
        return refused;
    }

    private static String describe(List<String> classes) {
        return classes.isEmpty() ? "" : " " + classes;
    }

    private static String describePer(List<String> per) {
        return per.isEmpty() ? "(none: a single task)" : String.join("/", per);
    }

    private static String stageName(int stage) {
        return stage == SnapshotSpec.PROJECTIONS ? "task-specific inputs"
                : stage == SnapshotSpec.EMBEDDINGS ? "embeddings" : "none";
    }

    private static List<String> taskNames(SnapshotSpec spec) {
        return spec.tasks().stream().map(SnapshotSpec.Task::name).toList();
    }

    private static List<String> names(SnapshotSpec spec) {
        return spec.features().stream().map(SnapshotSpec.Feature::name).toList();
    }

    private static int[] taskMapping(SnapshotSpec before, SnapshotSpec now) {
        List<String> names = now.tasks().stream().map(SnapshotSpec.Task::name).toList();
        int[] of = new int[before.tasks().size()];
        for (int t = 0; t < of.length; t++) {
            of[t] = names.indexOf(before.tasks().get(t).name());
        }
        return of;
    }

    /** Old input column -> new input column, following each feature by name (-1: the feature was removed). */
    private static int[] columnMapping(SnapshotSpec before, SnapshotSpec now) {
        Map<String, Integer> offsets = new HashMap<>();
        int offset = 0;
        for (SnapshotSpec.Feature f : now.features()) {
            offsets.put(f.name(), offset);
            offset += f.width();
        }
        List<Integer> of = new ArrayList<>();
        for (SnapshotSpec.Feature f : before.features()) {
            Integer start = offsets.get(f.name());
            for (int c = 0; c < f.width(); c++) {
                of.add(start == null ? -1 : start + c);
            }
        }
        return of.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Old standardised-target column -> new one, following each task by name. */
    private static int[] targetMapping(SnapshotSpec before, SnapshotSpec now) {
        List<String> standardized = now.tasks().stream().filter(SnapshotSpec.Task::standardizedTarget)
                .map(SnapshotSpec.Task::name).toList();
        return before.tasks().stream().filter(SnapshotSpec.Task::standardizedTarget)
                .mapToInt(t -> standardized.indexOf(t.name())).toArray();
    }

    int[] featureColumnOf() {
        return featureColumnOf.clone();
    }

    int[] targetColumnOf() {
        return targetColumnOf.clone();
    }

    /** Index of each old task in the new spec (-1: removed). */
    int[] taskOf() {
        return taskOf.clone();
    }

    /** Whether the tasks are the same, in the same order: task weighting, regularisers and drift state carry over. */
    boolean tasksUnchanged() {
        return tasksUnchanged;
    }

    /** The tasks of the new spec that the old one did not have (their heads start fresh). */
    List<String> addedTasks() {
        List<String> old = before.tasks().stream().map(SnapshotSpec.Task::name).toList();
        return now.tasks().stream().map(SnapshotSpec.Task::name).filter(n -> !old.contains(n)).toList();
    }

    StateMapping modelMapping() {
        return new StateMapping(taskOf, featuresChanged ? featureColumnOf : null, tasksUnchanged);
    }

    /** What changed, in one line, for the log. */
    String describe() {
        List<String> oldTasks = before.tasks().stream().map(SnapshotSpec.Task::name).toList();
        List<String> newTasks = now.tasks().stream().map(SnapshotSpec.Task::name).toList();
        List<String> oldFeatures = names(before);
        List<String> newFeatures = names(now);
        return "tasks added " + newTasks.stream().filter(n -> !oldTasks.contains(n)).toList()
                + ", removed " + oldTasks.stream().filter(n -> !newTasks.contains(n)).toList()
                + "; features added " + newFeatures.stream().filter(n -> !oldFeatures.contains(n)).toList()
                + ", removed " + oldFeatures.stream().filter(n -> !newFeatures.contains(n)).toList()
                + (tasksUnchanged ? "" : "; task weighting, regularisers and drift state start afresh");
    }
}
