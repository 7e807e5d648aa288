package io.streammtl.stream;

import io.streammtl.learn.Example;

/**
 * A valid input event: its id (UTF-8, as on the wire: it becomes the prediction's key and id), model key, event time
 * in epoch milliseconds, its encoding for the model, and its original bytes.
 */
public record DecodedEvent(byte[] id, String model, long eventTime, Example example, byte[] bytes) {
}
