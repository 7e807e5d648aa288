package io.streammtl.cli;

import io.streammtl.data.generate.WineTransfer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code streammtl generate transfer}: the white→red wine transfer stream and its red test file, as CSV. */
@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = "N red training rows among all 4,898 white rows, shuffled; each row labels red_quality or "
                + "white_quality (for deploy/config/wine-transfer.yaml).")
public final class GenerateTransferCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--red-rows", required = true, paramLabel = "N",
            description = "Red training rows: the first N of red-train.csv (1 to 1279).")
    int redRows;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Training CSV to write.")
    Path out;

    @Option(names = "--test-out", paramLabel = "FILE", description = "Also write red-test.csv in the same columns.")
    Path testOut;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the interleaving order (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (redRows < 1 || redRows > WineTransfer.RED_TRAIN_ROWS) {
            spec.commandLine().getErr().println("error: --red-rows must be 1 to " + WineTransfer.RED_TRAIN_ROWS
                    + ", got " + redRows);
            return ExitCodes.BAD_INPUT;
        }
        try (Writer writer = open(out)) {
            WineTransfer.writeTrain(writer, redRows, seed);
        }
        spec.commandLine().getOut().println("wrote " + out + " (" + redRows + " red + 4898 white rows)");
        if (testOut != null) {
            try (Writer writer = open(testOut)) {
                WineTransfer.writeTest(writer);
            }
            spec.commandLine().getOut().println("wrote " + testOut + " (320 red test rows)");
        }
        return 0;
    }

    private static Writer open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.newBufferedWriter(file);
    }
}
