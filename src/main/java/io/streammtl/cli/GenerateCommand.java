package io.streammtl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code streammtl generate}: writes synthetic data sets; each kind of data set is a subcommand. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Write synthetic data sets as CSV.",
        subcommands = {GenerateDriftCommand.class, GenerateEntitiesCommand.class, GenerateHousingCommand.class,
                GenerateTransferCommand.class})
public final class GenerateCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
