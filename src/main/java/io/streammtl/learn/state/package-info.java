/**
 * The learner's one binary state format: explicit little-endian fields written and read in a fixed order, never
 * Java serialization; the layout of a whole snapshot is described in {@code docs/state-format.md}.
 */
package io.streammtl.learn.state;
