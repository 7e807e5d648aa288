package io.streammtl.data.generate;

import java.util.Locale;

/** The synthetic generators by name, each with the task it makes and its default noise. */
public enum GeneratorKind {
    /** {@link SeaGenerator}; noise is the label-flip probability. */
    SEA("binary", 0.1),
    /** {@link HyperplaneGenerator} in 10 dimensions; noise is the label-flip probability. */
    HYPERPLANE("binary", 0.05),
    /** {@link FriedmanGenerator}; noise is the standard deviation of ε. */
    FRIEDMAN("regression", 1.0);

    private final String task;
    private final double defaultNoise;

    GeneratorKind(String task, double defaultNoise) {
        this.task = task;
        this.defaultNoise = defaultNoise;
    }

    /** "binary" (label 0/1) or "regression". */
    public String task() {
        return task;
    }

    public double defaultNoise() {
        return defaultNoise;
    }

    /** The lower-case name used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A stream of this kind. */
    public StreamGenerator create(DriftSchedule schedule, long seed, double noise) {
        return switch (this) {
            case SEA -> new SeaGenerator(schedule, seed, noise);
            case HYPERPLANE -> new HyperplaneGenerator(schedule, seed, noise);
            case FRIEDMAN -> new FriedmanGenerator(schedule, seed, noise);
        };
    }

    /**
     * The generator for {@code task} ("binary" or "regression"): the one named by {@code generator}, which must
     * make that task, or when null the task's default (sea for binary, friedman for regression).
     */
    public static GeneratorKind resolve(String task, String generator) {
        String wanted = task.toLowerCase(Locale.ROOT);
        if (!wanted.equals("binary") && !wanted.equals("regression")) {
            throw new IllegalArgumentException("unknown task '" + task + "' (expected regression or binary)");
        }
        if (generator == null) {
            return wanted.equals("binary") ? SEA : FRIEDMAN;
        }
        GeneratorKind kind = parse(generator);
        if (!kind.task.equals(wanted)) {
            throw new IllegalArgumentException("generator " + kind.label() + " makes a " + kind.task
                    + " stream, not " + wanted);
        }
        return kind;
    }

    /** The generator named {@code text}, ignoring case. */
    public static GeneratorKind parse(String text) {
        for (GeneratorKind kind : values()) {
            if (kind.label().equalsIgnoreCase(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown generator '" + text + "' (expected sea, hyperplane or friedman)");
    }
}
