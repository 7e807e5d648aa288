package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.avro.Prediction;

/** The codecs of the service's wire types, built once per service (decoders are not cheap to build). */
public record Codecs(AvroCodec<LabeledEvent> events, AvroCodec<Prediction> predictions,
                     AvroCodec<ModelSnapshot> snapshots) {
    public static Codecs create() {
        return new Codecs(new AvroCodec<>(LabeledEvent.class, LabeledEvent.getClassSchema()),
                new AvroCodec<>(Prediction.class, Prediction.getClassSchema()),
                new AvroCodec<>(ModelSnapshot.class, ModelSnapshot.getClassSchema()));
    }
}
