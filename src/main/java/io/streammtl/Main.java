package io.streammtl;

import io.streammtl.cli.BenchCommand;
import io.streammtl.cli.DemoCommand;
import io.streammtl.cli.EvaluateCommand;
import io.streammtl.cli.GenerateCommand;
import io.streammtl.cli.ProduceCommand;
import io.streammtl.cli.SchemasCommand;
import io.streammtl.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code streammtl} command line: the composition root that wires config, learner and commands. */
@Command(name = "streammtl", mixinStandardHelpOptions = true, version = "streammtl 0.1.0",
        description = "Online multi-task learning: one shared model, one head per task, trained as data streams in.",
        subcommands = {DemoCommand.class, EvaluateCommand.class, ServeCommand.class, ProduceCommand.class, GenerateCommand.class, BenchCommand.class, SchemasCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 2 bad input or usage, 1 failure). */
    public static int execute(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    /** Runs a command line writing to the given streams (tests read what users would see). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
