package io.streammtl.stream;

import io.streammtl.avro.DriftEvent;
import io.streammtl.avro.LabelEvent;
import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;
import io.streammtl.avro.TaskStatus;

/** The codecs of the service's wire types, built once per service (decoders are not cheap to build). */
public record Codecs(AvroCodec<LabeledEvent> events, AvroCodec<Prediction> predictions,
                     AvroCodec<ModelSnapshot> snapshots, AvroCodec<DriftEvent> driftEvents,
                     AvroCodec<TaskStatus> statuses, AvroCodec<LabelEvent> labels) {
    public static Codecs create() {
        return new Codecs(new AvroCodec<>(LabeledEvent.class, LabeledEvent.getClassSchema()),
                new AvroCodec<>(Prediction.class, Prediction.getClassSchema()),
                new AvroCodec<>(ModelSnapshot.class, ModelSnapshot.getClassSchema()),
                new AvroCodec<>(DriftEvent.class, DriftEvent.getClassSchema()),
                new AvroCodec<>(TaskStatus.class, TaskStatus.getClassSchema()),
                new AvroCodec<>(LabelEvent.class, LabelEvent.getClassSchema()));
    }
}
