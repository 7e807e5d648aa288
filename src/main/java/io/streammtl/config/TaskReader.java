package io.streammtl.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code tasks} list: each task's kind, classes, loss, label source, drift section and quality floor. */
final class TaskReader {
    /** Detectors fed 0/1 errors only; a regression task's loss is unbounded. */
    private static final Set<String> ERROR_RATE_DETECTORS = Set.of("ddm", "eddm", "hddm_a");
    private static final List<String> DETECTORS = List.of("none", "adwin", "page_hinkley", "ddm", "eddm", "hddm_a");
    private static final Set<String> RESPONSE_KEYS = Set.of("detector", "response", "boost_factor", "boost_steps",
            "snapshot_every_steps", "challenge_windows", "challenge_margin", "challenge_level");

    private TaskReader() {
    }

    static List<TaskConfig> tasks(ConfigNode root, InputsLoader inputs) {
        List<ConfigNode> nodes = root.objects("tasks");
        if (nodes.isEmpty()) {
            throw new ConfigException(root.child("tasks"), "empty; expected at least one task");
        }
        List<TaskConfig> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ConfigNode node : nodes) {
            out.add(task(node, seen, inputs));
        }
        return out;
    }

    private static TaskConfig task(ConfigNode node, Map<String, String> seen, InputsLoader inputs) {
        String name = node.string("name");
        Checks.name(node.child("name"), name);
        FeatureReader.checkUnique(seen, name, node);
        TaskKind kind = node.choice("kind", TaskKind.class, null);
        List<String> classes = List.of();
        if (kind.hasClasses()) {
            classes = node.has("classes") ? node.strings("classes") : List.of();
            try {
                TaskConfig.checkClasses(kind, classes);
            } catch (ConfigException e) {
                throw e.under(node.path());
            }
        } else {
            node.rejectIfPresent("classes", "only multiclass tasks have classes");
        }
        LossKind loss = node.choice("loss", LossKind.class, kind.defaultLoss());
        double huberDelta = 1.0;
        if (loss == LossKind.HUBER) {
            huberDelta = node.number("huber_delta", 1.0);
        } else {
            node.rejectIfPresent("huber_delta", "only the huber loss has a delta");
        }
        double weight = node.number("weight", 1.0);
        List<String> classNames = classes;
        LabelSource label = node.optionalObject("label").map(l -> label(l, kind, classNames))
                .orElse(new LabelSource.Column(name));
        DriftConfig drift = node.optionalObject("drift").map(d -> drift(d, kind)).orElse(DriftConfig.none());
        inputs.task(node, name);
        QualityFloor floor = node.optionalObject("quality_floor").map(f -> qualityFloor(f, kind)).orElse(null);
        double lrScale = node.number("lr_scale", 1.0);
        double trunkScale = node.number("trunk_scale", 1.0);
        if (!kind.takesLabelRange()) {
            node.rejectIfPresent("label_range", "only regression tasks take a label_range (binary labels are 0 or 1,"
                    + " class labels are names)");
        }
        ValueRange labelRange = node.optionalObject("label_range").map(InputsLoader::range).orElse(null);
        LabelWait wait = labelWait(node);
        FamilyConfig family = family(node);
        node.rejectUnknownKeys();
        try {
            return new TaskConfig(name, kind, classes, loss, huberDelta, weight, label, drift, floor, lrScale,
                    trunkScale, labelRange, wait, family);
        } catch (ConfigException e) {
            throw e.under(node.path());
        }
    }

    /** {@code per} (one key field or a list) and the optional {@code family} settings, or null for a single task. */
    private static FamilyConfig family(ConfigNode node) {
        if (!node.has("per")) {
            node.rejectIfPresent("family", "applies only with per (the key field that names a family's member)");
            return null;
        }
        List<String> per = node.stringOrStrings("per");
        int maxMembers = FamilyConfig.DEFAULT_MAX_MEMBERS;
        long idleTtl = 0;
        double shrink = FamilyConfig.DEFAULT_SHRINK;
        if (node.has("family")) {
            ConfigNode settings = node.object("family");
            maxMembers = Checks.clampToInt(settings.integer("max_members", maxMembers));
            idleTtl = settings.integer("idle_ttl_examples", idleTtl);
            shrink = settings.number("shrink", shrink);
            settings.rejectUnknownKeys();
        }
        try {
            return new FamilyConfig(per, maxMembers, idleTtl, shrink);
        } catch (ConfigException e) {
            throw e.under(node.path());
        }
    }

    /** {@code label_ttl} and {@code on_expiry} (default drop), or null when the task takes labels only in events. */
    private static LabelWait labelWait(ConfigNode node) {
        if (!node.has("label_ttl")) {
            node.rejectIfPresent("on_expiry", "applies only with a label_ttl (labels that may come after the event)");
            return null;
        }
        long ttl = Durations.parse(node.child("label_ttl"), node.string("label_ttl"));
        ExpiryPolicy onExpiry = node.choice("on_expiry", ExpiryPolicy.class, ExpiryPolicy.DROP);
        try {
            return new LabelWait(ttl, onExpiry);
        } catch (ConfigException e) {
            throw e.under(node.path());
        }
    }

    private static LabelSource label(ConfigNode node, TaskKind kind, List<String> classes) {
        String column = node.string("column");
        Double threshold = null;
        if (kind.takesThreshold()) {
            threshold = node.optionalNumber("threshold");
            if (threshold != null && !Double.isFinite(threshold)) {
                throw new ConfigException(node.child("threshold"), Checks.format(threshold) + " is not a finite number");
            }
        } else {
            node.rejectIfPresent("threshold", "only binary tasks take a threshold (label 1 when value ≥ threshold)");
        }
        List<String> positive = positiveValues(node, kind, threshold);
        Map<String, String> map = Map.of();
        if (kind.hasClasses()) {
            map = node.stringMap("map");
            Set<String> known = new HashSet<>(classes);
            for (Map.Entry<String, String> entry : map.entrySet()) {
                if (!known.contains(entry.getValue())) {
                    throw new ConfigException(node.child("map") + "." + entry.getKey(), "'" + entry.getValue()
                            + "' is not one of the task's classes " + String.join(", ", classes));
                }
            }
        } else {
            node.rejectIfPresent("map", "only multiclass tasks map values to classes");
        }
        node.rejectUnknownKeys();
        if (threshold != null) {
            return new LabelSource.Threshold(column, threshold);
        }
        if (!map.isEmpty()) {
            return new LabelSource.ValueMap(column, map);
        }
        if (node.has("positive")) {
            try {
                return new LabelSource.Positive(column, new HashSet<>(positive));
            } catch (ConfigException e) {
                throw e.under(node.path());
            }
        }
        return new LabelSource.Column(column);
    }

    /** The trimmed {@code positive} values of a binary task's label (the record checks them); empty when absent. */
    private static List<String> positiveValues(ConfigNode node, TaskKind kind, Double threshold) {
        if (!node.has("positive")) {
            return List.of();
        }
        if (kind != TaskKind.BINARY) {
            throw new ConfigException(node.child("positive"), "only binary tasks take positive values (label 1 when"
                    + " the cell is one of them, else 0)");
        }
        if (threshold != null) {
            throw new ConfigException(node.child("positive"), "give either a threshold or positive values, not both");
        }
        return node.stringOrStrings("positive").stream().map(String::trim).toList();
    }

    private static QualityFloor qualityFloor(ConfigNode node, TaskKind kind) {
        String metric = node.string("metric");
        List<String> allowed = kind.floorMetrics();
        if (!allowed.contains(metric)) {
            throw new ConfigException(node.child("metric"), "'" + metric + "' is not a higher-is-better metric of a "
                    + kind.specName() + " task; expected one of " + allowed);
        }
        Double min = node.optionalNumber("min");
        if (min == null) {
            throw new ConfigException(node.child("min"), "missing; expected the lowest acceptable windowed value");
        }
        node.rejectUnknownKeys();
        try {
            return new QualityFloor(metric, min);
        } catch (ConfigException e) {
            throw e.under(node.path());
        }
    }

    private static DriftConfig drift(ConfigNode node, TaskKind kind) {
        DriftConfig d = DriftConfig.none();
        String detector = node.string("detector", kind.defaultDetector());
        if (!DETECTORS.contains(detector)) {
            throw new ConfigException(node.child("detector"), "'" + detector + "' is not one of "
                    + String.join(", ", DETECTORS));
        }
        if (!kind.hasErrorRate() && ERROR_RATE_DETECTORS.contains(detector)) {
            throw new ConfigException(node.child("detector"), "'" + detector
                    + "' watches a 0/1 error rate; a regression task needs adwin or page_hinkley");
        }
        DriftResponse response = node.choice("response", DriftResponse.class, detector.equals("none") ? DriftResponse.NONE
                : DriftResponse.CHALLENGE);
        double boostFactor = node.number("boost_factor", d.boostFactor());
        long boostSteps = node.integer("boost_steps", d.boostSteps());
        long snapshotSteps = node.integer("snapshot_every_steps", d.snapshotEverySteps());
        long raceWindows = node.integer("challenge_windows", d.challenge().windows());
        double raceMargin = node.number("challenge_margin", d.challenge().margin());
        double raceLevel = node.number("challenge_level", d.challenge().level());
        // Parameter names and ranges belong to the detectors: learn.DriftSpecCheck checks them at start-up.
        Map<String, Double> parameters = new java.util.LinkedHashMap<>();
        for (String key : node.keys()) {
            if (!RESPONSE_KEYS.contains(key)) {
                parameters.put(key, node.number(key, 0));
            }
        }
        node.rejectUnknownKeys();
        try {
            return new DriftConfig(detector, parameters, response, boostFactor, Checks.clampToInt(boostSteps),
                    Checks.clampToInt(snapshotSteps),
                    new ChallengeRace(Checks.clampToInt(raceWindows), raceMargin, raceLevel));
        } catch (ConfigException e) {
            throw e.under(node.path());
        }
    }
}
