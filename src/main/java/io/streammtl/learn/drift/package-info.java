/**
 * Concept-drift detectors (ADWIN, Page-Hinkley, DDM, EDDM, HDDM-A) and their parameter catalogue. Never imports
 * Kafka, Prometheus, {@code stream}, {@code metrics} or {@code cli}.
 */
package io.streammtl.learn.drift;
