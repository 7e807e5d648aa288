package io.streammtl.stream;

import io.streammtl.learn.auto.AutoLearner;
import io.streammtl.learn.auto.SelectionEvent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model's champion and challengers stand after a batch: the champion, each live variant's mean normalised
 * loss over the window being filled (NaN before its first paired example there), in declared order, and the
 * promotions, prunings and starts of the batch.
 */
public record SelectionReport(String champion, Map<String, Double> windowLosses, List<SelectionEvent> events) {
    public SelectionReport {
        windowLosses = Collections.unmodifiableMap(new LinkedHashMap<>(windowLosses));
        events = List.copyOf(events);
    }

    /** The report of {@code auto}, whose variants are {@code names} in declared order, with the batch's events. */
    static SelectionReport of(AutoLearner auto, List<String> all, List<SelectionEvent> events) {
        List<String> live = auto.liveVariants();
        double[] losses = auto.windowLosses();
        Map<String, Double> windowLosses = new LinkedHashMap<>();
        for (int v = 0; v < all.size(); v++) {
            if (live.contains(all.get(v))) {
                windowLosses.put(all.get(v), losses[v]);
            }
        }
        return new SelectionReport(auto.championName(), windowLosses, events);
    }
}
