package io.streammtl.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChallengeRaceSpecTest {
    private static DriftConfig drift(String keys) {
        return ModelConfigLoader.parse("""
                features: [{name: a}]
                tasks:
                  - {name: y, kind: binary}
                  - {name: z, kind: regression, drift: {detector: adwin%s}}
                trunk: {layers: [4]}
                """.formatted(keys)).model().tasks().get(1).drift();
    }

    private static String error(String keys) {
        return assertThrows(ConfigException.class, () -> drift(keys)).getMessage();
    }

    @Test
    void shouldKeepTodaysRaceWhenNoKeyIsGiven() {
        assertEquals(new ChallengeRace(4, 0.01, 0.05), drift("").challenge());
        assertEquals(ChallengeRace.DEFAULT, DriftConfig.none().challenge());
    }

    @Test
    void shouldReadEachRaceKey() {
        assertEquals(new ChallengeRace(6, 0.02, 0.01),
                drift(", challenge_windows: 6, challenge_margin: 0.02, challenge_level: 0.01").challenge());
        assertEquals(new ChallengeRace(2, 0.01, 0.05), drift(", challenge_windows: 2").challenge());
    }

    @Test
    void shouldRejectRaceWindowsOutOfRangeAtTheirPath() {
        assertEquals("tasks[1].drift.challenge_windows: 0 is out of range; expected 1 to 1000",
                error(", challenge_windows: 0"));
        assertEquals("tasks[1].drift.challenge_windows: 1001 is out of range; expected 1 to 1000",
                error(", challenge_windows: 1001"));
    }

    @Test
    void shouldRejectARaceMarginOfOneOrBelowZeroAtItsPath() {
        assertEquals("tasks[1].drift.challenge_margin: 1 is out of range; expected 0 ≤ value < 1",
                error(", challenge_margin: 1"));
        assertEquals("tasks[1].drift.challenge_margin: -0.1 is out of range; expected 0 ≤ value < 1",
                error(", challenge_margin: -0.1"));
    }

    @Test
    void shouldRejectARaceLevelOutsideZeroToOneHalfAtItsPath() {
        assertEquals("tasks[1].drift.challenge_level: 0 is out of range; expected 0 < value < 0.5",
                error(", challenge_level: 0"));
        assertEquals("tasks[1].drift.challenge_level: 0.5 is out of range; expected 0 < value < 0.5",
                error(", challenge_level: 0.5"));
    }

    @Test
    void shouldLeaveTheDefaultRaceOutOfTheSpecHashAndPutAnyOtherIn() {
        String spec = """
                features: [{name: a}]
                tasks:
                  - {name: z, kind: regression, drift: {detector: adwin%s}}
                trunk: {layers: [4]}
                """;
        String plain = ModelSpecHash.canonical(ModelConfigLoader.parse(spec.formatted("")).model());
        String spelledOut = ModelSpecHash.canonical(ModelConfigLoader.parse(spec.formatted(
                ", challenge_windows: 4, challenge_margin: 0.01, challenge_level: 0.05")).model());
        String other = ModelSpecHash.canonical(ModelConfigLoader.parse(spec.formatted(", challenge_windows: 5")).model());
        assertFalse(plain.contains("challenge"), plain);
        assertEquals(plain, spelledOut);
        assertTrue(other.contains("\"challenge\":{\"level\":0.05,\"margin\":0.01,\"windows\":5}"), other);
    }

    @Test
    void shouldNotTakeARaceKeyForADetectorParameter() {
        assertEquals(java.util.Map.of("delta", 0.01), drift(", delta: 0.01, challenge_windows: 2").parameters());
    }
}
