package io.streammtl.stream;

import io.streammtl.avro.LabeledEvent;
import io.streammtl.learn.Example;

/** A valid input event: the record as decoded, its encoding for the model, and its original bytes. */
public record DecodedEvent(LabeledEvent event, Example example, byte[] bytes) {
}
