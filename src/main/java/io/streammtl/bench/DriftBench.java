package io.streammtl.bench;

import io.streammtl.config.ChallengeRace;
import io.streammtl.config.DriftConfig;
import io.streammtl.config.DriftResponse;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.TaskConfig;
import io.streammtl.learn.RowEncoder;
import io.streammtl.data.csv.CsvFormat;
import io.streammtl.data.csv.CsvReader;
import io.streammtl.data.generate.DriftKind;
import io.streammtl.data.generate.DriftSchedule;
import io.streammtl.data.generate.GeneratedCsv;
import io.streammtl.data.generate.GeneratorKind;
import io.streammtl.data.generate.StreamGenerator;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.DriftSignal;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.drift.DriftLevel;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code bench drift} harness: on generated streams with one abrupt change, compares drift responses — the
 * detector's delay and false alarms, and how many examples the windowed loss needs after the change to come back
 * to its level before it. Prints figures; never fails on them.
 */
public final class DriftBench {
    private final GeneratorKind kind;
    private final String detector;
    private final int rows;
    private final int seeds;
    private final int window;

    /**
     * Streams of {@code rows} rows from {@code kind} (seeds 1..{@code seeds}), watched by {@code detector} (null: the
     * task kind's default), the loss curve over {@code window} examples.
     */
    public DriftBench(GeneratorKind kind, String detector, int rows, int seeds, int window) {
        this.kind = kind;
        this.detector = detector;
        this.rows = rows;
        this.seeds = seeds;
        this.window = window;
    }

    /** Prints one line of figures per response of {@code responses} to {@code out}. */
    public void run(List<String> responses, PrintWriter out) throws Exception {
        ModelConfig base = ModelConfigLoader.load(Path.of("classpath:config/drift-" + kind.task() + ".yaml")).model();
        out.printf(Locale.ROOT, "%s stream (%s), %d rows, abrupt change at row %d, %d seeds, window %d, detector %s%n",
                kind.label(), kind.task(), rows, rows / 2 + 1, seeds, window, detector != null ? detector
                        : kind.task().equals("regression") ? "page_hinkley" : "adwin");
        out.printf(Locale.ROOT, "%-16s %12s %14s %9s %18s %16s%n", "response", "detected", "mean delay",
                "false", "recovered", "mean recovery");
        for (String name : responses) {
            DriftResponse response = DriftResponse.valueOf(name.toUpperCase(Locale.ROOT));
            ModelConfig config = withResponse(base, response, detector);
            int detected = 0;
            int recovered = 0;
            long falseAlarms = 0;
            double delays = 0;
            double recoveries = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                Run run = run(config, kind, seed);
                falseAlarms += run.falseAlarms();
                if (run.delay() >= 0) {
                    detected++;
                    delays += run.delay();
                }
                if (run.recovery() >= 0) {
                    recovered++;
                    recoveries += run.recovery();
                }
            }
            out.printf(Locale.ROOT, "%-16s %9d/%-2d %14s %9d %15d/%-2d %16s%n", name, detected, seeds,
                    detected == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", delays / detected), falseAlarms,
                    recovered, seeds, recovered == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", recoveries / recovered));
            out.flush();
        }
    }

    private static ModelConfig withResponse(ModelConfig base, DriftResponse response, String chosen) {
        List<TaskConfig> tasks = new ArrayList<>();
        for (TaskConfig t : base.tasks()) {
            String detector = chosen != null ? chosen
                    : t.kind() == io.streammtl.config.TaskKind.REGRESSION ? "page_hinkley" : "adwin";
            tasks.add(new TaskConfig(t.name(), t.kind(), t.classes(), t.loss(), t.huberDelta(), t.weight(), t.label(),
                    new DriftConfig(detector, Map.of(), response, 10, 100, 50, ChallengeRace.DEFAULT), t.qualityFloor(),
                    t.lrScale(), t.trunkScale(), t.labelRange()));
        }
        return base.withTasks(tasks);
    }

    /** One stream's figures: detection delay (−1 if missed), false alarms before the change, recovery (−1 if never). */
    private record Run(long delay, long falseAlarms, long recovery) {
    }

    private Run run(ModelConfig config, GeneratorKind kind, long seed) throws Exception {
        StreamGenerator generator = kind.create(DriftSchedule.of(DriftKind.ABRUPT, rows, 1000), seed, kind.defaultNoise());
        long change = generator.changePoints().get(0) - 1;
        StringWriter csv = new StringWriter();
        GeneratedCsv.write(generator, csv);
        List<Example> examples;
        try (CsvReader reader = CsvReader.open(new StringReader(csv.toString()), "generated", CsvFormat.detect())) {
            examples = RowEncoder.readAll(config, reader);
        }
        OnlineLearner learner = new OnlineLearner(config);
        ExampleBatch batch = ExampleBatch.forModel(config);
        double[] loss = new double[examples.size()];
        long delay = -1;
        long falseAlarms = 0;
        int seen = 0;
        for (int i = 0; i < examples.size(); i++) {
            batch.label(batch.add(examples.get(i).inputs()), 0, examples.get(i).labels()[0]);
            if (batch.isFull() || i == examples.size() - 1) {
                BatchPredictions p = learner.predictThenLearn(batch);
                for (int r = 0; r < batch.size(); r++) {
                    double error = p.value(0, r) - batch.labelValue(0, r);
                    loss[seen++] = kind.task().equals("binary") ? (Math.abs(error) > 0.5 ? 1 : 0) : error * error;
                }
                for (DriftSignal s : learner.lastSignals()) {
                    // Only a rise in loss counts: two-sided detectors also report the falling loss of early learning.
                    if (s.level() == DriftLevel.DRIFT && !(s.lossAfter() <= s.lossBefore())) {
                        if (seen <= change) {
                            falseAlarms++;
                        } else if (delay < 0) {
                            delay = seen - change;
                        }
                    }
                }
                batch.clear();
            }
        }
        return new Run(delay, falseAlarms, recovery(loss, (int) change));
    }

    /** Examples after the change until the windowed loss is back within 10 % (relative) of its pre-change level. */
    private long recovery(double[] loss, int change) {
        double before = mean(loss, change - window, change);
        double target = before * 1.10 + 1e-9;
        for (int end = change + window; end <= loss.length; end++) {
            if (mean(loss, end - window, end) <= target) {
                return end - change;
            }
        }
        return -1;
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = Math.max(0, from); i < to; i++) {
            sum += values[i];
        }
        return sum / (to - Math.max(0, from));
    }
}
