package io.streammtl.stream;

import io.streammtl.config.ModelConfig;
import io.streammtl.learn.BatchPredictions;
import io.streammtl.learn.Example;
import io.streammtl.learn.PrequentialScoring;
import io.streammtl.stream.join.JoinKey;
import io.streammtl.stream.join.JoinedExample;
import io.streammtl.stream.join.LabelState;
import io.streammtl.stream.join.ServedEvent;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

import java.io.IOException;
import java.util.Arrays;

/**
 * The trainer's side of the label join: the served-event record of a prediction whose event still awaits labels,
 * the open-batch row of a joined example that came back, and the scoring of the prediction it was served.
 */
final class DelayedLabelRows {
    private final ModelConfig config;
    private final boolean[] delayed;

    DelayedLabelRows(ModelConfig config) {
        this.config = config;
        this.delayed = new boolean[config.tasks().size()];
        for (int t = 0; t < delayed.length; t++) {
            delayed[t] = config.tasks().get(t).delayed();
        }
    }

    /**
     * The served-event record for row {@code r} of {@code predictions} (the prediction of {@code row}), keyed by
     * (model, event id) and marked for the join; null when every delayed task's label came inside the event.
     */
    Record<byte[], OutputRecord> served(PendingRow row, BatchPredictions predictions, int r) {
        Example example = row.event().example();
        LabelState[] states = new LabelState[delayed.length];
        float[][] served = new float[delayed.length][];
        boolean awaits = false;
        for (int t = 0; t < delayed.length; t++) {
            states[t] = !delayed[t] ? LabelState.NOT_DELAYED
                    : example.labeled()[t] ? LabelState.IN_EVENT : LabelState.AWAITING;
            served[t] = new float[0];
            if (states[t] == LabelState.AWAITING) {
                awaits = true;
                int width = config.tasks().get(t).outputs();
                served[t] = Arrays.copyOfRange(predictions.outputs(t), r * width, (r + 1) * width);
            }
        }
        if (!awaits) {
            return null;
        }
        DecodedEvent event = row.event();
        byte[] value = new ServedEvent(event.id(), event.model(), event.eventTime(), predictions.modelVersion(),
                example.featureSet(), example.inputs(), states, served).encode();
        RecordHeaders headers = new RecordHeaders();
        headers.add(LabelJoinProcessor.SERVED_HEADER, new byte[0]);
        return new Record<>(JoinKey.of(event.model(), event.id()), new OutputRecord(null, value), row.timestamp(),
                headers);
    }

    /**
     * The open-batch row of a joined example of model {@code model}: its prediction went out long ago.
     *
     * @throws IllegalStateException if the record is not a joined example
     */
    static PendingRow joinedRow(String model, byte[] bytes, long timestamp) {
        JoinedExample joined;
        try {
            joined = JoinedExample.decode(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        Example example = new Example(0, joined.inputs(), joined.labels(), joined.labeled(), joined.featureSet());
        return new PendingRow(new DecodedEvent(joined.id(), model, joined.eventTime(), example, bytes), timestamp,
                true, joined);
    }

    /** Scores the prediction that was served against the labels that came later, task by task. */
    static void score(PrequentialScoring served, JoinedExample joined) {
        for (int t = 0; t < joined.labeled().length; t++) {
            if (joined.labeled()[t]) {
                served.record(t, joined.labels()[t], joined.served()[t], 0);
            }
        }
    }
}
