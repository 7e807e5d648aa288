package io.streammtl.stream;

import io.streammtl.avro.DriftEvent;
import io.streammtl.avro.TaskStatus;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.ChallengeEvent;
import io.streammtl.learn.DriftSignal;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.learn.PrequentialScoring;
import io.streammtl.learn.auto.SelectionEvent;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Encodes what goes to the drift topic: a detector's change of level as a {@link DriftEvent}, and each task's
 * periodic {@link TaskStatus}, both keyed {@code model/task}; a champion/challenger change as a {@link DriftEvent} of
 * its kind, keyed {@code model/auto}.
 */
final class DriftEncoder {
    /** The detector and key suffix of champion/challenger records. */
    static final String AUTO = "auto";
    /** The detector and response of drift-challenger records, and the names of the two models in the race. */
    static final String CHALLENGE = "challenge";
    private static final String CHALLENGER = "challenger";
    private static final String MODEL = "model";
    private final ModelConfig config;
    private final Codecs codecs;
    private final String topic;

    DriftEncoder(ModelConfig config, String topic, Codecs codecs) {
        this.config = config;
        this.codecs = codecs;
        this.topic = topic;
    }

    /** The drift event of {@code signal} from model {@code model}; {@code source} is the input record's place. */
    Record<byte[], OutputRecord> signal(String model, DriftSignal signal, long eventTime, String source) {
        DriftEvent event = DriftEvent.newBuilder().setModel(model).setTask(signal.taskName())
                .setDetector(signal.detector()).setLevel(signal.level().name().toLowerCase(Locale.ROOT))
                .setExamples(signal.examples()).setModelVersion(signal.modelVersion())
                .setEventTime(Instant.ofEpochMilli(eventTime)).setSource(source).setStatistic(signal.statistic())
                .setLossBefore(finite(signal.lossBefore())).setLossAfter(finite(signal.lossAfter()))
                .setResponse(signal.response().name().toLowerCase(Locale.ROOT)).build();
        return new Record<>(key(model, signal.taskName()), new OutputRecord(topic, codecs.driftEvents().encode(event)),
                eventTime);
    }

    /**
     * The drift-topic record of the end of a drift challenger's race on a task of model {@code model} (the
     * {@code challenge} response), keyed {@code model/task}: kind {@code adopted} or {@code dropped}, the challenger's
     * and the model's window losses, the paired test's p-value.
     */
    Record<byte[], OutputRecord> challenge(String model, ChallengeEvent challenge, long eventTime, String source) {
        String kind = challenge.kind().name().toLowerCase(Locale.ROOT);
        DriftEvent event = DriftEvent.newBuilder().setModel(model).setTask(challenge.taskName())
                .setDetector(CHALLENGE).setLevel(kind).setExamples(challenge.examples())
                .setModelVersion(challenge.modelVersion()).setEventTime(Instant.ofEpochMilli(eventTime))
                .setSource(source).setStatistic(Double.isFinite(challenge.pValue()) ? challenge.pValue() : 1.0)
                .setResponse(CHALLENGE).setKind(kind).setVariant(CHALLENGER).setChampion(MODEL)
                .setVariantLoss(finite(challenge.loss())).setChampionLoss(finite(challenge.modelLoss())).build();
        return new Record<>(key(model, challenge.taskName()),
                new OutputRecord(topic, codecs.driftEvents().encode(event)), eventTime);
    }

    /**
     * The drift-topic record of a champion/challenger change of model {@code model}, keyed {@code model/auto}: the
     * serving model is at {@code version} after the batch that closed with the record at {@code source}.
     */
    Record<byte[], OutputRecord> selection(String model, SelectionEvent selection, long version, long eventTime,
                                           String source) {
        String kind = selection.kind().name().toLowerCase(Locale.ROOT);
        DriftEvent event = DriftEvent.newBuilder().setModel(model).setTask("").setDetector(AUTO).setLevel(kind)
                .setExamples(selection.example()).setModelVersion(version).setEventTime(Instant.ofEpochMilli(eventTime))
                .setSource(source).setStatistic(selection.pValue()).setKind(kind).setVariant(selection.variant())
                .setChampion(selection.champion()).setVariantLoss(finite(selection.loss()))
                .setChampionLoss(finite(selection.championLoss())).build();
        return new Record<>(key(model, AUTO), new OutputRecord(topic, codecs.driftEvents().encode(event)), eventTime);
    }

    /**
     * Every task's status of model {@code model} at {@code now}: windowed quality (the learner's, and that of the
     * predictions served when their labels came later, if {@code served} is not null), version and drift level.
     */
    List<Record<byte[], OutputRecord>> statuses(String model, OnlineLearner learner, PrequentialScoring served,
                                                long now) {
        List<Record<byte[], OutputRecord>> out = new ArrayList<>(config.tasks().size());
        for (int t = 0; t < config.tasks().size(); t++) {
            String task = config.tasks().get(t).name();
            boolean watched = learner.drift().watches(t);
            boolean delayed = served != null && config.tasks().get(t).delayed();
            TaskStatus status = new TaskStatus(model, task, Instant.ofEpochMilli(now), learner.metrics(t).count(),
                    learner.counters().applied(), finiteOnly(learner.metrics(t).windowed()),
                    watched ? learner.drift().detectorName(t) : null,
                    watched ? finite(learner.drift().statistic(t)) : null,
                    learner.drift().level(t).name().toLowerCase(Locale.ROOT),
                    delayed ? served.metrics(t).count() : 0L,
                    delayed ? finiteOnly(served.metrics(t).windowed()) : Map.of());
            out.add(new Record<>(key(model, task), new OutputRecord(topic, codecs.statuses().encode(status)), now));
        }
        return out;
    }

    private static Map<String, Double> finiteOnly(Map<String, Double> windowed) {
        Map<String, Double> metrics = new HashMap<>();
        windowed.forEach((k, v) -> {
            if (Double.isFinite(v)) {
                metrics.put(k, v);
            }
        });
        return metrics;
    }

    private static byte[] key(String model, String task) {
        return (model + "/" + task).getBytes(StandardCharsets.UTF_8);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
