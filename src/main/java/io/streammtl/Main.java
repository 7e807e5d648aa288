package io.streammtl;

import io.streammtl.cli.BenchCommand;
import io.streammtl.cli.DemoCommand;
import io.streammtl.cli.EvaluateCommand;
import io.streammtl.cli.GenerateCommand;
import io.streammtl.cli.InspectCommand;
import io.streammtl.cli.ProduceCommand;
import io.streammtl.cli.SchemasCommand;
import io.streammtl.cli.ServeCommand;
import io.streammtl.logging.LogLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code streammtl} command line: the composition root that wires config, learner and commands. */
@Command(name = "streammtl", mixinStandardHelpOptions = true, version = "streammtl 0.1.0",
        description = "Online multi-task learning: one shared model, one head per task, trained as data streams in.",
        subcommands = {DemoCommand.class, EvaluateCommand.class, ServeCommand.class, ProduceCommand.class, GenerateCommand.class,
                InspectCommand.class, BenchCommand.class, SchemasCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** The environment variable that sets the log level where {@code --log-level} is not given. */
    public static final String LOG_LEVEL_VARIABLE = "STREAMMTL_LOG_LEVEL";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 2 bad input or usage, 1 failure). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** Runs a command line writing to the given streams (tests read what users would see). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine commandLine = commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    private static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    // Inherited, so that it may follow the subcommand too; picocli calls this while parsing, before any command
    // runs and logs.
    @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT,
            defaultValue = "${env:" + LOG_LEVEL_VARIABLE + "}",
            description = "Level of every logger: ${COMPLETION-CANDIDATES} (default: env " + LOG_LEVEL_VARIABLE
                    + ", else WARN, and INFO for streammtl's own lines). -Dlogback.configurationFile=FILE replaces "
                    + "the logging configuration.")
    void logLevel(LogLevel level) {
        if (level != null) {
            level.apply();
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
