package io.streammtl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateMembersTest {
    private static final String SPEC = """
            name: members
            seed: 5
            features: [{name: x}]
            tasks:
              - {name: y, kind: regression}
              - {name: up, kind: binary}
            trunk: {layers: [8]}
            optimizer: {kind: adam, lr: 0.01}
            training: {batch_size: 8}
            """;
    private static final String[] REGIONS = {"north", "south", "east"};

    /** Writes spec.yaml, train.csv and test.csv: members by region and shop, y = x + an offset per region. */
    private static Path data(Path dir) throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), SPEC);
        write(dir.resolve("train.csv"), 300, 1);
        write(dir.resolve("test.csv"), 60, 2);
        return dir;
    }

    private static void write(Path file, int rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(List.of("region,shop,x,y,up"));
        for (int i = 0; i < rows; i++) {
            int region = i % REGIONS.length;
            double x = random.nextGaussian();
            double y = x + 3 * region + 0.1 * random.nextGaussian();
            lines.add(String.format(Locale.ROOT, "%s,%d,%.4f,%.4f,%d", REGIONS[region], i % 2, x, y,
                    y > 3 * region ? 1 : 0));
        }
        Files.write(file, lines);
    }

    private static CommandRun evaluate(Path dir, String... options) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--config", dir.resolve("spec.yaml").toString(),
                "--data", dir.resolve("train.csv").toString(), "--test", dir.resolve("test.csv").toString()));
        args.addAll(List.of(options));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void shouldPrintAggregatesOverMembersAndEveryMemberWithMembers(@TempDir Path dir) throws IOException {
        data(dir);
        CommandRun aggregates = evaluate(dir, "--per", "region");
        assertEquals(0, aggregates.code(), aggregates.err());
        assertTrue(aggregates.out().contains("test by member of region: 3 members"), aggregates.out());
        assertFalse(aggregates.out().contains("north "), "no member rows without --members: " + aggregates.out());

        CommandRun members = evaluate(dir, "--per", "region", "--members");
        assertEquals(0, members.code(), members.err());
        for (String region : REGIONS) {
            assertTrue(members.out().lines().anyMatch(l -> l.startsWith(region + " ") && l.contains(" mse ")
                    && l.contains(" 20 ")), region + " has a row with its 20 test rows: " + members.out());
        }
    }

    @Test
    void shouldWriteAggregatesEqualToTheOverallTestMseAndMembersOnRequest(@TempDir Path dir) throws IOException {
        data(dir);
        Path json = dir.resolve("out.json");
        CommandRun run = evaluate(dir, "--per", "region", "--baseline", "single-task,pooled", "--json",
                json.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("pooled: the spec has no member structure, so the model is the pooled model"),
                run.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode members = root.get("members");
        assertEquals("region", members.get("key").get(0).asText());
        assertEquals(3, members.get("members").asInt());
        assertEquals(List.of("model", "single-task", "pooled"), names(members.get("models")));
        JsonNode mse = members.get("models").get("model").get("aggregates").get("y").get("mse");
        assertEquals(root.get("tasks").get("y").get("test").get("mse").asDouble(), mse.get("weighted").asDouble(),
                1e-6);
        assertEquals(3, mse.get("members").asInt());
        assertTrue(mse.has("mean"));
        assertFalse(members.get("models").get("model").has("by_member"), "members only with --members");

        evaluate(dir, "--per", "region", "--members", "--json", json.toString());
        JsonNode north = new ObjectMapper().readTree(json.toFile()).get("members").get("models").get("model")
                .get("by_member").get("north");
        assertEquals(20, north.get("y").get("rows").asInt());
        assertTrue(north.get("up").get("test").has("auc"));
    }

    @Test
    void shouldJoinTwoKeyColumnsWithASlash(@TempDir Path dir) throws IOException {
        data(dir);
        CommandRun run = evaluate(dir, "--per", "region,shop", "--members");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("test by member of region/shop: 6 members"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("south/1 ")), run.out());
    }

    @Test
    void shouldNameAPerColumnTheCsvLacks(@TempDir Path dir) throws IOException {
        data(dir);
        CommandRun run = evaluate(dir, "--per", "store");
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertTrue(run.err().startsWith("error: " + dir.resolve("train.csv") + ": --per column 'store' is not in "
                + "the header (columns: region, shop, x, y, up)"), run.err());
    }

    @Test
    void shouldAskForATestSetWithPer(@TempDir Path dir) throws IOException {
        data(dir);
        CommandRun run = CommandRun.of("evaluate", "--config", dir.resolve("spec.yaml").toString(), "--data",
                dir.resolve("train.csv").toString(), "--per", "region");
        assertEquals(ExitCodes.BAD_INPUT, run.code());
        assertEquals("error: --per, --members and --baseline score members on the test set; give --test", run.err().trim());
    }

    @Test
    void shouldRefuseMemberOptionsWithoutTheirPrerequisites(@TempDir Path dir) throws IOException {
        data(dir);
        assertEquals("error: --members applies to members; give --per COLUMN (or a spec with a task family)",
                evaluate(dir, "--members").err().trim());
        assertEquals("error: --baseline pooled applies to members; give --per COLUMN (or a spec with a task family)",
                evaluate(dir, "--baseline", "pooled").err().trim());
        assertEquals("error: --same-steps sets the budget of --baseline single-task; add it",
                evaluate(dir, "--per", "region", "--same-steps").err().trim());
        assertEquals("error: --baseline 'solo' is not known; expected single-task or pooled",
                evaluate(dir, "--per", "region", "--baseline", "solo").err().trim());
    }

    @Test
    void shouldCompareAggregatesByDefaultAndMembersOnRequest(@TempDir Path dir) throws IOException {
        data(dir);
        CommandRun run = evaluate(dir, "--per", "region", "--baseline", "single-task", "--compare", "seed=1,2");
        assertEquals(0, run.code(), run.err());
        String header = run.out().lines().filter(l -> l.startsWith("variant")).findFirst().orElseThrow();
        assertTrue(header.contains("y mse") && header.contains("y mse mean"), header);
        assertFalse(header.contains("@"), "no member columns: " + header);
        assertTrue(run.out().contains("single-task @ seed=1"), run.out());
        assertTrue(run.out().contains("single-task (n=2)"), run.out());

        CommandRun members = evaluate(dir, "--per", "region", "--members", "--compare", "seed=1,2");
        assertEquals(0, members.code(), members.err());
        assertTrue(members.out().contains("y mse @north"), members.out());
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void shouldGroupAFamilySpecByItsOwnKeyAndScoreThePooledBaselineWithoutTheMembers(@TempDir Path dir)
            throws IOException {
        data(dir);
        Files.writeString(dir.resolve("spec.yaml"), SPEC.replace("{name: y, kind: regression}",
                "{name: y, kind: regression, per: region}"));
        Path json = dir.resolve("members.json");
        CommandRun run = evaluate(dir, "--baseline", "pooled", "--json", json.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("test by member of region: 3 members"), run.out());
        JsonNode byModel = new ObjectMapper().readTree(json.toFile()).path("members").path("models");
        double family = weightedMse(byModel.path("model"));
        double pooled = weightedMse(byModel.path("pooled"));
        assertTrue(family < 0.5 * pooled, "a deviation per region learns its offset (3 per region) that one head"
                + " for all cannot: family " + family + " vs pooled " + pooled);
    }

    private static double weightedMse(JsonNode model) {
        JsonNode mse = model.path("aggregates").path("y").path("mse").path("weighted");
        assertTrue(mse.isNumber(), "a weighted y mse in " + model);
        return mse.asDouble();
    }

    @Test
    void shouldRunTheChampionAndChallengersOfAFamilySpecWithATestSet(@TempDir Path dir) throws IOException {
        data(dir);
        Files.writeString(dir.resolve("spec.yaml"), SPEC.replace("{name: y, kind: regression}",
                "{name: y, kind: regression, per: region}") + "auto: {grid: default}\n");
        CommandRun run = evaluate(dir);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("champion: "), run.out());
    }
}
