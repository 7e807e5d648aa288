package io.streammtl.deploy;

import io.streammtl.Main;
import io.streammtl.cli.EnvironmentDefaults;
import io.streammtl.stream.KafkaSettingNames;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks how a deployment file runs the image: its arguments must parse as a streammtl command line, and every
 * environment variable it sets must be one the service reads (a typo would otherwise be silently ignored).
 */
final class ServiceInvocation {
    /** Read by the JVM itself, for heap and other options. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private ServiceInvocation() {
    }

    /** The subcommand the arguments run ("serve", "produce"); fails the test when picocli rejects them. */
    static CommandLine.ParseResult parse(List<String> args) {
        try {
            CommandLine.ParseResult result = new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
            if (!result.hasSubcommand()) {
                throw new AssertionError("no subcommand in " + args);
            }
            return result.subcommand();
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError("streammtl rejects " + args + ": " + e.getMessage(), e);
        }
    }

    /** Variables the service would not read. */
    static List<String> unknownVariables(Map<String, String> environment) {
        List<String> unknown = new ArrayList<>();
        for (String name : environment.keySet()) {
            boolean known = name.equals(EnvironmentDefaults.BOOTSTRAP_SERVERS) || name.equals(EnvironmentDefaults.DATA_DIR)
                    || JVM_VARIABLES.contains(name) || (name.startsWith("KAFKA_") && KafkaSettingNames.isApplied(name));
            if (!known) {
                unknown.add(name);
            }
        }
        return unknown;
    }
}
