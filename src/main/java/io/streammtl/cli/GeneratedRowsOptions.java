package io.streammtl.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every synthetic-stream generator takes: how many rows, where to write them, and the seed. */
final class GeneratedRowsOptions {
    @Option(names = "--rows", required = true, paramLabel = "N", description = "Rows to write.")
    long rows;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;
}
