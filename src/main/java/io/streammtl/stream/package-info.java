/**
 * The Kafka Streams adapters over {@code learn}: the topology, the trainer processor, the label join (its codecs in
 * {@code stream.join}), the model broadcast and {@code POST /predict}, serdes, topic creation and the service
 * lifecycle. May import {@code config}, {@code data}, {@code learn} and {@code model}; never
 * {@code metrics} or {@code cli}.
 */
package io.streammtl.stream;
