package io.streammtl.stream;

/** A record the trainer emits, with the topic it goes to (predictions or snapshots) and its encoded value. */
public record OutputRecord(String topic, byte[] value) {
}
