package io.streammtl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streammtl.avro.ModelSnapshot;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ModelConfigLoader;
import io.streammtl.config.ModelSpecHash;
import io.streammtl.learn.OnlineLearner;
import io.streammtl.stream.Codecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code inspect} on the golden snapshots (formats 3 to 5): what it prints agrees with a learner that restored the
 * same bytes, with and without the spec, from a bare snapshot and from ModelSnapshot records.
 */
class InspectCommandTest {
    private static final Path STATE = Path.of("src/test/resources/state");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The golden files' specs: wine.yaml with the drift sections {@code LearnerStateGolden} sets. */
    private static Path spec(Path dir, String qualityDrift, String goodDrift) throws Exception {
        String wine = Files.readString(Path.of("deploy/config/wine.yaml"));
        String yaml = wine.replace("    label: {column: quality}\n", "    label: {column: quality}\n" + qualityDrift)
                .replace("    label: {column: quality, threshold: 6}\n",
                        "    label: {column: quality, threshold: 6}\n" + goodDrift);
        Path file = Files.createDirectories(dir).resolve("spec.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static Path driftSpec(Path dir) throws Exception {
        return spec(dir, "    drift: {detector: adwin}\n", "    drift: {detector: ddm}\n");
    }

    private static Path backgroundSpec(Path dir) throws Exception {
        return spec(dir, "", "    drift: {detector: ddm, response: background_head}\n");
    }

    private static OnlineLearner restored(Path spec, byte[] state) {
        OnlineLearner learner = new OnlineLearner(ModelConfigLoader.load(spec).model());
        learner.restore(state);
        return learner;
    }

    private static JsonNode inspectJson(String... args) throws Exception {
        String[] all = Arrays.copyOf(new String[] {"inspect", "--json"}, 2 + args.length);
        System.arraycopy(args, 0, all, 2, args.length);
        CommandRun run = CommandRun.of(all);
        assertEquals(0, run.code(), run.err());
        return MAPPER.readTree(run.out());
    }

    private static void assertAgreesWithTheRestoredLearner(JsonNode json, OnlineLearner learner, byte[] state) {
        assertEquals(learner.counters().applied(), json.get("model_version").asLong());
        assertEquals(learner.counters().examples(), json.get("examples").asLong());
        assertEquals(learner.backend().parameterCount(), json.get("parameters").asLong());
        assertEquals(state.length, json.get("total_bytes").asInt());
        long groupBytes = 0;
        for (JsonNode group : json.get("parameter_groups")) {
            groupBytes += group.get("bytes").asLong();
            assertEquals(2 * group.get("value_bytes").asLong(), group.get("optimizer_bytes").asLong());
        }
        for (JsonNode head : json.get("background_heads")) {
            groupBytes += 4 + head.get("bytes").asLong();
            assertTrue(learner.backend().heads().hasBackgroundHead(head.get("task").asInt()), head.toString());
        }
        long familyBytes = 4;
        for (JsonNode family : json.get("families")) {
            familyBytes += family.get("bytes").asLong();
        }
        // wine.yaml weights tasks statically and has no prior: the model state is the version, the group count,
        // the groups, the background head count, the background heads, the family count and the families (a
        // learner restored from an older format writes an empty family part).
        assertEquals(learner.backend().stateBytes(), 12 + groupBytes + familyBytes);
    }

    @Test
    void shouldReportWhatTheRestoredLearnerHoldsForEachGoldenFile(@TempDir Path dir) throws Exception {
        Path drift = driftSpec(dir.resolve("drift"));
        Path background = backgroundSpec(dir.resolve("background"));
        Object[][] cases = {{"wine-drift-v6.bin", drift, 6}, {"wine-drift-v5.bin", drift, 5}, {"wine-drift-v4.bin", drift, 4},
                {"wine-drift-v3.bin", drift, 3}, {"wine-background-v5.bin", background, 5}};
        for (Object[] c : cases) {
            Path file = STATE.resolve((String) c[0]);
            byte[] state = Files.readAllBytes(file);
            JsonNode json = inspectJson(file.toString());
            assertEquals((int) c[2], json.get("format_version").asInt(), file.toString());
            assertAgreesWithTheRestoredLearner(json, restored((Path) c[1], state), state);
            if ((int) c[2] < 5) {
                assertTrue(json.get("optimizer").get("kind").isNull(), "the optimiser is not recorded");
                assertEquals("not recorded in this format", json.get("spec_note").asText());
            } else {
                assertEquals("adam", json.get("optimizer").get("kind").asText());
                assertEquals("good", json.get("spec").get("tasks").get(1).get("name").asText());
            }
        }
        assertEquals(1, inspectJson(STATE.resolve("wine-background-v5.bin").toString()).get("background_heads").size());
    }

    @Test
    void shouldNameTheOptimiserAndTheDriftStateWithTheSpec(@TempDir Path dir) throws Exception {
        Path spec = driftSpec(dir);
        Path v4 = STATE.resolve("wine-drift-v4.bin");
        JsonNode json = inspectJson(v4.toString(), "--config", spec.toString());
        OnlineLearner learner = restored(spec, Files.readAllBytes(v4));
        assertEquals("adam", json.get("optimizer").get("kind").asText());
        assertEquals("present", json.get("drift").get("state").asText());
        assertEquals("adwin", json.get("drift").get("tasks").get("quality").get("detector").asText());
        assertEquals(learner.drift().seen(0), json.get("drift").get("tasks").get("quality").get("seen").asLong());
        assertEquals("not_read", inspectJson(STATE.resolve("wine-drift-v3.bin").toString(), "--config",
                spec.toString()).get("drift").get("state").asText());
    }

    @Test
    void shouldPrintTheSameFiguresAsText() throws Exception {
        Path v4 = STATE.resolve("wine-drift-v4.bin");
        JsonNode json = inspectJson(v4.toString());
        CommandRun run = CommandRun.of("inspect", v4.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("format         4\n"), run.out());
        assertTrue(run.out().contains("model version  " + json.get("model_version").asLong() + " steps"), run.out());
        assertTrue(run.out().contains("examples       " + json.get("examples").asLong() + "\n"), run.out());
        assertTrue(run.out().contains("total          " + Files.size(v4) + " bytes"), run.out());
        assertTrue(run.out().contains("spec           not recorded in this format"), run.out());
        assertTrue(run.out().contains("drift          not readable without the spec"), run.out());
    }

    @Test
    void shouldPrintTheRecordedSpecOfAFormatFiveSnapshot() throws Exception {
        CommandRun run = CommandRun.of("inspect", STATE.resolve("wine-drift-v5.bin").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("format         5\n"), run.out());
        assertTrue(run.out().contains("spec           tasks: quality (regression), good (binary)\n"), run.out());
        assertTrue(run.out().contains("spec           features: fixed_acidity (numeric), volatile_acidity"), run.out());
        assertTrue(run.out().contains("spec           trunk: [64, 64] relu"), run.out());
        assertTrue(run.out().contains("optimiser      adam;"), run.out());
    }

    @Test
    void shouldJoinTheChunksOfModelSnapshotRecordsAndCompareTheSpecHash(@TempDir Path dir) throws Exception {
        Path spec = driftSpec(dir);
        ModelConfig model = ModelConfigLoader.load(spec).model();
        byte[] state = Files.readAllBytes(STATE.resolve("wine-drift-v4.bin"));
        Codecs codecs = Codecs.create();
        int half = state.length / 2;
        Path second = dir.resolve("chunk1.avro");
        Path first = dir.resolve("chunk0.avro");
        Files.write(second, codecs.snapshots().encode(record(state, half, state.length, 1, ModelSpecHash.of(model))));
        Files.write(first, codecs.snapshots().encode(record(state, 0, half, 0, ModelSpecHash.of(model))));
        JsonNode json = inspectJson(second.toString(), first.toString(), "--config", spec.toString());
        assertEquals("model_snapshot_record", json.get("kind").asText());
        assertEquals(state.length, json.get("total_bytes").asInt());
        assertEquals(restored(spec, state).counters().applied(), json.get("model_version").asLong());
        assertTrue(json.get("record").get("config_hash_matches_spec").asBoolean());

        CommandRun missing = CommandRun.of("inspect", first.toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("has 2 chunks"), missing.err());
    }

    @Test
    void shouldSayWhenTheRecordWasMadeWithAnotherSpec(@TempDir Path dir) throws Exception {
        Path spec = driftSpec(dir);
        byte[] state = Files.readAllBytes(STATE.resolve("wine-drift-v4.bin"));
        ModelSnapshot record = ModelSnapshot.newBuilder(record(state, 0, state.length, 0, "another"))
                .setChunks(1).build();
        Path file = dir.resolve("snapshot.avro");
        Files.write(file, Codecs.create().snapshots().encode(record));
        JsonNode json = inspectJson(file.toString(), "--config", spec.toString());
        assertFalse(json.get("record").get("config_hash_matches_spec").asBoolean());
        CommandRun text = CommandRun.of("inspect", file.toString(), "--config", spec.toString());
        assertTrue(text.out().contains("another (differs from the --config spec's"), text.out());
    }

    private static ModelSnapshot record(byte[] state, int from, int to, int chunk, String hash) {
        return ModelSnapshot.newBuilder().setModel("wine").setVersion(10).setExamples(320).setChunk(chunk)
                .setChunks(2).setState(ByteBuffer.wrap(Arrays.copyOfRange(state, from, to))).setConfigHash(hash)
                .setCodeVersion("test").setCreatedAt(Instant.EPOCH).build();
    }

    @Test
    void shouldRefuseATruncatedSnapshotWithExitTwo(@TempDir Path dir) throws Exception {
        byte[] state = Files.readAllBytes(STATE.resolve("wine-drift-v4.bin"));
        Path file = dir.resolve("cut.bin");
        Files.write(file, Arrays.copyOf(state, 30_000));
        CommandRun run = CommandRun.of("inspect", file.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertEquals("error: " + file + ": cannot read snapshot: it ends inside parameter group 1 of 3 (30000 bytes"
                + " in all)", run.err().strip());
    }

    @Test
    void shouldRefuseAFileThatIsNoSnapshotAndAMissingFileWithExitTwo(@TempDir Path dir) {
        CommandRun yaml = CommandRun.of("inspect", "deploy/config/wine.yaml");
        assertEquals(ExitCodes.BAD_INPUT, yaml.code());
        assertTrue(yaml.err().contains("not a streammtl model snapshot"), yaml.err());
        CommandRun missing = CommandRun.of("inspect", dir.resolve("none.bin").toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void shouldRefuseASpecTheSnapshotDoesNotFitWithExitTwo() {
        CommandRun run = CommandRun.of("inspect", STATE.resolve("wine-drift-v4.bin").toString(), "--config",
                "deploy/config/wine.yaml");
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertTrue(run.err().contains("cannot restore snapshot"), run.err());
    }
}
