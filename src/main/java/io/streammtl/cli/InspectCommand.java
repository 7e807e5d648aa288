package io.streammtl.cli;

import io.streammtl.config.ConfigException;
import io.streammtl.learn.SnapshotLayout;
import io.streammtl.stream.Codecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code streammtl inspect}: what a learner snapshot holds (format and model version, examples, parameter groups,
 * optimiser and drift state, sizes), read from {@code OnlineLearner.snapshot()}'s bytes or from the
 * {@code ModelSnapshot} records the service publishes; with the spec, also what only the spec can read.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print what a model snapshot holds: format and model version, examples, each parameter "
                + "group's parameters and bytes, optimiser and drift state, total bytes.")
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SNAPSHOT",
            description = "A learner snapshot file (OnlineLearner.snapshot()'s bytes), or the ModelSnapshot record "
                    + "files of one version (every chunk).")
    List<Path> files;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The model spec the snapshot was made with: restores it to name the optimiser and read "
                    + "the drift detectors, and compares a record's config_hash.")
    Path config;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String source = files.stream().map(Path::toString).collect(Collectors.joining(", "));
        SnapshotFiles.Loaded loaded;
        try {
            loaded = SnapshotFiles.read(files, Codecs.create());
        } catch (NoSuchFileException e) {
            err.println("error: " + e.getFile() + ": no such file");
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("error: cannot read " + source + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        SnapshotLayout layout;
        RestoredSnapshot restored = null;
        try {
            layout = SnapshotLayout.of(loaded.state());
            if (config != null) {
                restored = RestoredSnapshot.of(SpecFiles.load(config).model(), loaded.state());
            }
        } catch (ConfigException e) {
            err.println("error: " + config + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("error: " + source + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        SnapshotReport report = new SnapshotReport(source, loaded, layout, restored);
        spec.commandLine().getOut().print(json ? report.json() : report.text());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
