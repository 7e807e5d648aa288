package io.streammtl.data.generate;

import io.streammtl.cli.GenerateCommand;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.learn.RowEncoder;
import io.streammtl.data.csv.CsvFormat;
import io.streammtl.data.csv.CsvReader;
import io.streammtl.learn.Example;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The housing generator's structure and {@code generate housing} as a user runs it with the shipped spec. */
class HousingGeneratorTest {
    @Test
    void shouldWriteHousesWithBathroomsAndApartmentsWithALocationFromTheSharedFactor() {
        HousingGenerator generator = new HousingGenerator(2000, 0.1, 0.05, 0, 3);
        int houses = 0;
        int missing = 0;
        for (int i = 0; i < 2000; i++) {
            String[] f = generator.next();
            boolean house = !f[4].isEmpty();
            assertEquals(house, !f[2].isEmpty(), "bathrooms only for houses");
            assertEquals(house, f[3].isEmpty(), "location only for apartments");
            assertEquals(house, f[5].isEmpty());
            if (f[1].isEmpty()) {
                missing++;
                continue;
            }
            double size = Double.parseDouble(f[0]);
            double bedrooms = Double.parseDouble(f[1]);
            if (house) {
                houses++;
                double expected = HousingGenerator.base(size, bedrooms) + 30 * (Double.parseDouble(f[2]) - 1);
                assertEquals(expected, Double.parseDouble(f[4]), 1e-6, "noise 0: exactly the house formula");
            } else {
                double factor = HousingGenerator.apartmentPrice(size, bedrooms, HousingGenerator.LOCATIONS.indexOf(f[3]))
                        / HousingGenerator.base(size, bedrooms);
                assertTrue(Math.abs(factor - 1.5) < 1e-12 || Math.abs(factor - 1.0) < 1e-12
                        || Math.abs(factor - 0.7) < 1e-12, f[3]);
                assertEquals(HousingGenerator.apartmentPrice(size, bedrooms, HousingGenerator.LOCATIONS.indexOf(f[3])),
                        Double.parseDouble(f[5]), 1e-6);
            }
        }
        assertTrue(houses > 120 && houses < 280, houses + " houses of 2000 at 10%");
        assertTrue(missing > 50 && missing < 160, missing + " missing bedroom counts at 5%");
    }

    @Test
    void shouldWriteACsvThatTheShippedHousingSpecReads(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("housing.csv");
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new GenerateCommand());
        commandLine.setOut(new PrintWriter(out, true));
        int code = commandLine.execute("housing", "--rows", "500", "--seed", "9", "--out", csv.toString());
        assertEquals(0, code);
        assertTrue(out.toString().startsWith("wrote " + csv + ": 500 rows, "), out.toString());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("size,bedrooms,bathrooms,location,house_price,apartment_price", lines.get(0));
        assertEquals(501, lines.size());
        ModelConfig config = ModelConfigLoader.load(Path.of("deploy/config/housing.yaml")).model();
        List<Example> examples;
        try (CsvReader reader = CsvReader.open(csv, CsvFormat.detect())) {
            examples = RowEncoder.readAll(config, reader);
        }
        assertEquals(500, examples.size());
        for (Example e : examples) {
            assertEquals(e.labeled()[0] ? 0 : 1, e.featureSet(), "a house is read in the houses' feature set");
            for (float v : e.inputs()) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void shouldRejectAHouseFractionOutsideZeroToOne(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new GenerateCommand());
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute("housing", "--rows", "5", "--house-fraction", "1.5", "--out",
                dir.resolve("x.csv").toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("house fraction must be from 0 to 1, got 1.5"), err.toString());
    }
}
