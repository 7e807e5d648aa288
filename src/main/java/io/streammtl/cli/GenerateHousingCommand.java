package io.streammtl.cli;

import io.streammtl.data.generate.GeneratedCsv;
import io.streammtl.data.generate.HousingGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code streammtl generate housing}: house and apartment prices sharing a known price-per-area factor, houses
 * few and apartments many, as CSV for {@code deploy/config/housing.yaml}.
 */
@Command(name = "housing", mixinStandardHelpOptions = true,
        description = "Synthetic house and apartment prices with a shared price-per-area factor, as CSV "
                + "(size, bedrooms, bathrooms, location, house_price, apartment_price).")
public final class GenerateHousingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GeneratedRowsOptions target;

    @Option(names = "--house-fraction", paramLabel = "F", defaultValue = "0.05",
            description = "Share of rows that are houses; the rest are apartments (default ${DEFAULT-VALUE}).")
    double houseFraction;

    @Option(names = "--missing", paramLabel = "P", defaultValue = "0.05",
            description = "Share of rows whose bedroom count is left empty (default ${DEFAULT-VALUE}).")
    double missing;

    @Option(names = "--noise", paramLabel = "SD", defaultValue = "15",
            description = "Standard deviation of the price noise, in thousands (default ${DEFAULT-VALUE}).")
    double noise;

    @Override
    public Integer call() {
        HousingGenerator generator;
        try {
            generator = new HousingGenerator(target.rows, houseFraction, missing, noise, target.seed);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        long houses;
        try {
            houses = CountingCsv.write(generator, target.out);
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: cannot write " + target.out + ": " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().printf("wrote %s: %d rows, %d houses, %d apartments%n", target.out,
                target.rows, houses, target.rows - houses);
        return 0;
    }

    /** Writes the rows and counts the houses (rows with a house price). */
    private static final class CountingCsv {
        static long write(HousingGenerator generator, Path file) throws IOException {
            long[] houses = new long[1];
            GeneratedCsv.write(new io.streammtl.data.generate.StreamGenerator() {
                @Override
                public java.util.List<String> header() {
                    return generator.header();
                }

                @Override
                public long rows() {
                    return generator.rows();
                }

                @Override
                public String[] next() {
                    String[] fields = generator.next();
                    houses[0] += fields[4].isEmpty() ? 0 : 1;
                    return fields;
                }

                @Override
                public java.util.List<Long> changePoints() {
                    return java.util.List.of();
                }
            }, file);
            return houses[0];
        }
    }
}
