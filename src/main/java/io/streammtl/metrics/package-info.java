/**
 * Prometheus collectors over the learner and the streams application, health checks and the HTTP endpoint. May
 * import {@code config}, {@code learn} and {@code stream}; never {@code cli}.
 */
package io.streammtl.metrics;
