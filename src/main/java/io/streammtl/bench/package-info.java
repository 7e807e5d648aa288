/** Benchmark harnesses: they measure and print figures, never pass or fail; the {@code bench} commands wire them. */
package io.streammtl.bench;
