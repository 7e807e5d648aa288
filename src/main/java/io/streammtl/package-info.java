/**
 * streammtl: trains a multi-task neural model online from Kafka streams. {@code Main} hands the command line to
 * {@code cli}; see each package for its role and what it may not import (enforced by {@code ArchitectureTest}).
 */
package io.streammtl;
