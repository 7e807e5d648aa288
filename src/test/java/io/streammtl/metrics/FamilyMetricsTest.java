package io.streammtl.metrics;

import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.learn.Example;
import io.streammtl.learn.ExampleBatch;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.stream.StepReporter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A family of 1,000 members adds a bounded number of series: its size, and its k worst members by rank. */
class FamilyMetricsTest {
    private static final int MEMBERS = 1000;
    private static final int K = 3;
    private static final String SPEC = """
            name: fam
            seed: 3
            features: [{name: a}]
            tasks:
              - {name: y, kind: regression, per: store}
              - {name: p, kind: binary}
            trunk: {layers: [4]}
            training: {batch_size: 50}
            """;

    private static String scrape(MetricRegistry registry) throws IOException {
        StringWriter out = new StringWriter();
        registry.write(out);
        return out.toString();
    }

    private record Run(OnlineLearner learner, Exposition scraped) {
    }

    private static Run run(ModelConfig config) throws IOException {
        MetricRegistry registry = new MetricRegistry();
        ServiceMetrics metrics = new ServiceMetrics(config, registry, K);
        OnlineLearner learner = new OnlineLearner(config);
        StepReporter reporter = new StepReporter(config);
        ExampleBatch batch = ExampleBatch.forModel(config);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 2 * MEMBERS; i++) {
            float a = (float) random.nextDouble();
            int row = batch.add(new Example(i, new float[] {a}, new float[2], new boolean[2], 0,
                    new String[] {"s" + (i % MEMBERS), null}));
            batch.label(row, 0, a + (i % MEMBERS) / 100f);
            if (batch.isFull()) {
                learner.predictThenLearn(batch);
                metrics.onStep("m", reporter.step(learner, batch.size(), 1_000));
                batch.clear();
            }
        }
        metrics.onTick("m", reporter.tick(learner));
        return new Run(learner, Exposition.parse(scrape(registry)));
    }

    private static long streammtl(Exposition e, String prefix) {
        return e.series().stream().filter(s -> s.name().startsWith(prefix)).count();
    }

    @Test
    void shouldKeepTheSeriesOfAThousandMembersWithinKPlusAConstant() throws IOException {
        Run family = run(ModelConfigLoader.parse(SPEC).model());
        Run single = run(ModelConfigLoader.parse(SPEC.replace(", per: store", "")).model());
        Exposition e = family.scraped();
        assertEquals(MEMBERS, e.value("streammtl_family_members", "task", "y"));
        assertTrue(e.find("streammtl_family_members", "task", "p").isEmpty(), "p is no family");
        List<Map.Entry<String, Double>> worst = family.learner().worstMembers(0, K);
        for (int r = 0; r < K; r++) {
            assertEquals(worst.get(r).getValue(),
                    e.value("streammtl_family_worst_member_loss", "task", "y", "rank", Integer.toString(r + 1)), 1e-12);
            assertEquals(1, e.value("streammtl_family_worst_member_info", "rank", Integer.toString(r + 1),
                    "member", worst.get(r).getKey()));
        }
        assertTrue(worst.get(0).getValue() >= worst.get(K - 1).getValue(), "worst first");
        assertEquals(2 * K + 1, streammtl(e, "streammtl_family_"), "members, k losses, k infos");
        assertEquals(streammtl(single.scraped(), "streammtl_") + 2 * K + 1, streammtl(e, "streammtl_"),
                "nothing else grows with the members");
    }
}
