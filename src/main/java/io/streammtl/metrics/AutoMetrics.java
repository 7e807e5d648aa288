package io.streammtl.metrics;

import io.streammtl.learn.auto.SelectionEvent;
import io.streammtl.stream.SelectionReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The champion/challenger metrics ({@code auto:}): promotions and prunings counted, and, computed at each scrape
 * from the last report, the live variants, each one's windowed mean normalised loss and which one is the champion.
 * Only live variants have series, so there are at most {@code max_live} and a pruned variant's disappear.
 */
final class AutoMetrics {
    private final String model;
    private final MetricRegistry.Counter promotions;
    private final MetricRegistry.Counter prunes;
    /** What a scrape shows; replaced whole by the stream thread, read by the scraping thread. */
    private volatile Shown shown;

    /** The live variants' last known window losses (NaN: none yet) and the champion. */
    private record Shown(String champion, Map<String, Double> losses) {
    }

    AutoMetrics(String model, MetricRegistry registry) {
        this.model = model;
        promotions = registry.counter("streammtl_auto_promotions_total",
                "Challengers promoted to champion (auto:).", "model").labels(model);
        prunes = registry.counter("streammtl_auto_prunes_total",
                "Challengers pruned as worse than the champion (auto:).", "model").labels(model);
        registry.sampled(this::samples);
    }

    void report(SelectionReport report) {
        for (SelectionEvent event : report.events()) {
            switch (event.kind()) {
                case PROMOTED -> promotions.inc();
                case PRUNED -> prunes.inc();
                case STARTED -> { }
            }
        }
        Shown before = shown;
        Map<String, Double> losses = new LinkedHashMap<>();
        // The window restarts after each decision: until a variant has a loss in the new one, show its last.
        report.windowLosses().forEach((variant, loss) -> losses.put(variant, Double.isNaN(loss) && before != null
                ? before.losses().getOrDefault(variant, Double.NaN) : loss));
        shown = new Shown(report.champion(), losses);
    }

    private List<MetricRegistry.Sampled> samples() {
        Shown now = shown;
        if (now == null) {
            return List.of();
        }
        List<String> modelLabel = List.of("model");
        List<String> variantLabels = List.of("model", "variant");
        List<MetricRegistry.Sample> losses = new ArrayList<>();
        now.losses().forEach((variant, loss) -> {
            if (!Double.isNaN(loss)) {
                losses.add(new MetricRegistry.Sample(variantLabels, List.of(model, variant), loss));
            }
        });
        return List.of(
                new MetricRegistry.Sampled("streammtl_auto_live_variants", MetricRegistry.Kind.GAUGE,
                        "Variants learning now, the champion among them (auto:).",
                        List.of(new MetricRegistry.Sample(modelLabel, List.of(model), now.losses().size()))),
                new MetricRegistry.Sampled("streammtl_auto_variant_loss", MetricRegistry.Kind.GAUGE,
                        "Live variant's mean normalised prequential loss over the selection window being filled"
                                + " (1: a predictor that knows nothing; the last window's until it has one).",
                        losses),
                new MetricRegistry.Sampled("streammtl_auto_champion_info", MetricRegistry.Kind.GAUGE,
                        "1 for the variant that serves (auto:).",
                        List.of(new MetricRegistry.Sample(variantLabels, List.of(model, now.champion()), 1))));
    }
}
