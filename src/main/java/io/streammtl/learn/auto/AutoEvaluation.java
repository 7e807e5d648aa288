package io.streammtl.learn.auto;

import io.streammtl.config.AutoConfig;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.Example;
import io.streammtl.learn.ValueRanges;
import io.streammtl.learn.ValueRejection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams examples through an {@link AutoLearner} in order, {@code passes} times, keeping out the rows the service
 * would dead-letter (outside the spec's ranges or the champion's outlier guard), then scores every variant still
 * learning on a held-out set: what {@code evaluate} reports for a spec with {@code auto:}.
 */
public final class AutoEvaluation {
    private AutoEvaluation() {
    }

    /**
     * The run's outcome: the final champion, every selection event, per variant (declared order) its prequential and
     * test loss (NaN where it never paired or does not learn at the end), the served loss, the examples given to
     * variants per example, examples streamed, rows kept out by reason, and wall time.
     */
    public record Result(String champion, List<SelectionEvent> events, List<String> variants, double[] prequential,
                         double[] test, double served, double costRatio, long streamed, Map<String, Long> rejected,
                         double seconds) {
    }

    public static Result run(AutoConfig auto, List<ModelConfig> specs, List<Example> train, List<Example> test,
                             int passes) {
        AutoLearner learner = new AutoLearner(auto, specs);
        ValueRanges ranges = new ValueRanges(specs.get(0));
        List<SelectionEvent> events = new ArrayList<>();
        Map<String, Long> rejected = new TreeMap<>();
        long started = System.nanoTime();
        long streamed = 0;
        for (int pass = 0; pass < passes; pass++) {
            for (Example example : train) {
                streamed++;
                ValueRejection rejection = ranges.check(example);
                if (rejection == null) {
                    rejection = learner.checkOutliers(example);
                }
                if (rejection != null) {
                    rejected.merge(rejection.kind().code(), 1L, Long::sum);
                    continue;
                }
                events.addAll(learner.learn(example));
            }
        }
        events.addAll(learner.finish());
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Example> scored = test.stream().filter(e -> ranges.check(e) == null).toList();
        return new Result(learner.championName(), List.copyOf(events),
                auto.variants().stream().map(AutoConfig.Variant::name).toList(), learner.meanLosses(),
                learner.testLosses(scored), learner.servedLoss(), learner.costRatio(streamed), streamed, rejected,
                seconds);
    }
}
