package io.streammtl.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoReaderTest {
    private static final String SPEC = """
            name: small
            features: [{name: a}]
            tasks: [{name: y, kind: regression}]
            optimizer: {kind: adam, lr: 0.01}
            """;

    @TempDir
    Path dir;

    private AutoConfig auto(String section) throws IOException {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, SPEC + section);
        return ModelConfigLoader.auto(file).orElseThrow();
    }

    /** Where the default grid measured better than the spec alone (2026-12-07-auto-early.md), it ships on. */
    @Test
    void shouldShipTheDefaultGridInTheSpecsWhereItBeatTheSpecAlone() {
        for (String spec : List.of("housing", "drift-regression", "drift-binary")) {
            AutoConfig auto = ModelConfigLoader.auto(Path.of("deploy/config/" + spec + ".yaml")).orElseThrow(
                    () -> new AssertionError(spec + ".yaml has no auto:"));
            assertEquals(List.of("base", "lr-x3", "lr-div3", "schedule-free-adamw"),
                    auto.variants().stream().map(AutoConfig.Variant::name).toList(), spec);
        }
        assertTrue(ModelConfigLoader.auto(Path.of("deploy/config/wine.yaml")).isEmpty(),
                "wine.yaml's rate is the grid's best already; the demo and bench run it as one model");
    }

    @Test
    void shouldBuildTheDefaultGridAroundTheSpecsRate() throws IOException {
        AutoConfig auto = auto("auto: {grid: default}\n");
        assertEquals(List.of("base", "lr-x3", "lr-div3", "schedule-free-adamw"),
                auto.variants().stream().map(AutoConfig.Variant::name).toList());
        assertEquals(List.of(new ConfigOverride("optimizer.lr", Double.toString(0.01 * 3))),
                auto.variants().get(1).overrides());
        assertEquals(4, auto.maxLive());
    }

    @Test
    void shouldReadDeclaredVariantsWithShorthandKeysAsChangesToTheSpec() throws IOException {
        AutoConfig auto = auto("""
                auto:
                  variants: [{lr: 0.003}, {lr: 0.01, batch_size: 8}, {optimizer: sgd, name: plain}, {layers: [4, 4]}]
                  max_live: 3
                  window: 100
                  margin: 0.02
                """);
        assertEquals(5, auto.variants().size());
        assertEquals(List.of(new ConfigOverride("optimizer.lr", "0.01"),
                new ConfigOverride("training.batch_size", "8")), auto.variants().get(2).overrides());
        assertEquals(List.of("base", "lr-0.003", "lr-0.01.batch_size-8", "plain", "layers-4.4"),
                auto.variants().stream().map(AutoConfig.Variant::name).toList());
        assertEquals(List.of(new ConfigOverride("trunk.layers", "[4, 4]")), auto.variants().get(4).overrides());
        assertEquals(List.of(4, 4), ModelConfigLoader.parse(SPEC, auto.variants().get(4).overrides()).model()
                .trunk().layers());
        assertEquals(3, auto.maxLive());
        assertEquals(100, auto.window());
        assertEquals(0.02, auto.margin());
    }

    @Test
    void shouldNameThePathOfABadSetting() {
        ConfigException e = assertThrows(ConfigException.class, () -> auto("auto: {window: 5}\n"));
        assertTrue(e.getMessage().startsWith("auto.window"), e.getMessage());
        ConfigException both = assertThrows(ConfigException.class,
                () -> auto("auto: {grid: default, variants: [{lr: 0.1}]}\n"));
        assertTrue(both.getMessage().contains("grid"), both.getMessage());
    }

    @Test
    void shouldLoadTheBaseSpecWithAnAutoSectionAsIfItWereAbsent() {
        assertEquals(ModelConfigLoader.parse(SPEC).model(),
                ModelConfigLoader.parse(SPEC + "auto: {max_live: 2}\n").model());
    }
}
