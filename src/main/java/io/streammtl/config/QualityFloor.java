package io.streammtl.config;

/**
 * The lowest acceptable windowed prequential value of one of a task's metrics (higher is better); exported as a
 * gauge so that one generic alert fires whichever task falls below its floor.
 */
public record QualityFloor(String metric, double min) {
}
