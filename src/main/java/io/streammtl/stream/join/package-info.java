/**
 * The join of labels that arrive after their events: what the trainer keeps of a served event, the store entries
 * that wait for its labels keyed by (model, event id), the clock that expires them, and the joined examples that
 * travel on to the model's single writer. Kafka Streams processors and plain codecs; no model math.
 */
package io.streammtl.stream.join;
