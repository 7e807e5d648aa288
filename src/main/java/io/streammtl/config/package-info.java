/**
 * The spec file as immutable, validated records and its YAML loader: {@code ModelConfig} (the model spec, a model's
 * identity) inside {@code ServiceConfig} (with Kafka, CSV and endpoint settings). Sits at the bottom: imports no other
 * streammtl package, no Kafka and no Prometheus.
 */
package io.streammtl.config;
