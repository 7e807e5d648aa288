/**
 * The composition root: the commands, and the only place where config, model, learner, stream, metrics and reports
 * are wired together. It may import every package; no other package may import it.
 */
package io.streammtl.cli;
