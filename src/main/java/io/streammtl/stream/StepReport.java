package io.streammtl.stream;

import io.streammtl.learn.ChallengeEvent;
import io.streammtl.learn.DriftSignal;
import io.streammtl.learn.drift.DriftLevel;
import io.streammtl.model.StepOutcome;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a listener may know about one model after a step, a restore or a tick, copied off the learner on the stream
 * thread that owns it: listeners keep values, never the live learner. Arrays are indexed by task in spec order.
 */
public final class StepReport {
    private final int events;
    private final long stepNanos;
    private final StepOutcome outcome;
    private final long version;
    private final long rejected;
    private final long[] newlyLabeled;
    private final long[] scored;
    private final double[] taskWeights;
    private final DriftLevel[] driftLevels;
    private final List<DriftSignal> signals;
    private final Map<String, Map<String, Double>> quality;
    private final Map<String, Map<String, Double>> servedQuality;
    private final int[] familyMembers;
    private final List<List<Map.Entry<String, Double>>> worstMembers;
    private final List<ChallengeEvent> challenges;

    StepReport(int events, long stepNanos, StepOutcome outcome, long version, long rejected, long[] newlyLabeled,
               long[] scored, double[] taskWeights, DriftLevel[] driftLevels, List<DriftSignal> signals,
               Map<String, Map<String, Double>> quality, Map<String, Map<String, Double>> servedQuality,
               int[] familyMembers, List<List<Map.Entry<String, Double>>> worstMembers,
               List<ChallengeEvent> challenges) {
        this.events = events;
        this.stepNanos = stepNanos;
        this.outcome = outcome == null || outcome.taskLosses() == null ? outcome : new StepOutcome(outcome.status(),
                outcome.totalLoss(), outcome.taskLosses().clone(), outcome.gradientNorm(), outcome.clipped());
        this.version = version;
        this.rejected = rejected;
        this.newlyLabeled = newlyLabeled.clone();
        this.scored = scored.clone();
        this.taskWeights = taskWeights.clone();
        this.driftLevels = driftLevels.clone();
        this.signals = List.copyOf(signals);
        this.quality = quality == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(quality));
        this.servedQuality = servedQuality == null ? null
                : Collections.unmodifiableMap(new LinkedHashMap<>(servedQuality));
        this.familyMembers = familyMembers.clone();
        this.worstMembers = worstMembers == null ? null : List.copyOf(worstMembers);
        this.challenges = List.copyOf(challenges);
    }

    /** Drift challengers whose race ended in this step (the {@code challenge} response): adopted or dropped. */
    public List<ChallengeEvent> challenges() {
        return challenges;
    }

    /** Members of family task {@code t} now; -1 when {@code t} is no family. */
    public int familyMembers(int t) {
        return familyMembers[t];
    }

    /**
     * With {@link #quality()}, family task {@code t}'s members with the highest windowed loss, worst first, as key
     * and loss (at most {@code EndpointConfig.MAX_FAMILY_WORST_K}; empty for a task that is no family), or null when
     * not refreshed in this report.
     */
    public List<Map.Entry<String, Double>> worstMembers(int t) {
        return worstMembers == null ? null : worstMembers.get(t);
    }

    /** Events in the closed batch (0 for a restore or a tick). */
    public int events() {
        return events;
    }

    /** Nanoseconds {@code predictThenLearn} took, or -1 when no step was timed. */
    public long stepNanos() {
        return stepNanos;
    }

    /** The last step's outcome, or null before the first step. */
    public StepOutcome outcome() {
        return outcome;
    }

    /** Optimiser steps applied so far: the model's version. */
    public long version() {
        return version;
    }

    /** Steps rejected so far. */
    public long rejected() {
        return rejected;
    }

    /** Labels for task {@code t} scored or skipped since the previous report of this model. */
    public long newlyLabeled(int t) {
        return newlyLabeled[t];
    }

    /** Labels for task {@code t} scored so far (its prequential count). */
    public long scored(int t) {
        return scored[t];
    }

    /** Task {@code t}'s current loss weight λ_t. */
    public double taskWeight(int t) {
        return taskWeights[t];
    }

    /** Task {@code t}'s drift detector level (stable for an unwatched task). */
    public DriftLevel driftLevel(int t) {
        return driftLevels[t];
    }

    /** Drift detector changes of level in this step. */
    public List<DriftSignal> signals() {
        return signals;
    }

    /** Number of tasks. */
    public int tasks() {
        return newlyLabeled.length;
    }

    /**
     * Windowed prequential metrics by task name (in spec order) and metric, or null when not refreshed in this report (computing
     * them costs a pass over the window, so reports carry them at most about once a second).
     */
    /**
     * With {@link #quality()}, the windowed metrics of the predictions served for the tasks whose labels come later
     * (by task name; only those with a scored prediction), or null.
     */
    public Map<String, Map<String, Double>> servedQuality() {
        return servedQuality;
    }

    public Map<String, Map<String, Double>> quality() {
        return quality;
    }
}
