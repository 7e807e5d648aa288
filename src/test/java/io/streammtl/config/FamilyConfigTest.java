package io.streammtl.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task's {@code per:} and {@code family:} keys are read into a validated family, errors naming their path. */
class FamilyConfigTest {
    private static TaskConfig firstTask(String task) {
        return ModelConfigLoader.parse("""
                name: k
                features: [{name: a}]
                tasks: [%s]
                """.formatted(task)).model().tasks().get(0);
    }

    private static void assertError(String task, String path, String fragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> firstTask(task));
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void shouldReadOneKeyFieldWithTheDefaultSettings() {
        TaskConfig task = firstTask("{name: y, kind: regression, per: school}");
        assertTrue(task.isFamily());
        assertEquals(FamilyConfig.per(List.of("school")), task.family());
        assertEquals(FamilyConfig.DEFAULT_MAX_MEMBERS, task.family().maxMembers());
    }

    @Test
    void shouldReadSeveralKeyFieldsAndTheFamilySettings() {
        TaskConfig task = firstTask("{name: y, kind: binary, per: [region, store],"
                + " family: {max_members: 50, idle_ttl_examples: 1000, shrink: 0.01}}");
        assertEquals(new FamilyConfig(List.of("region", "store"), 50, 1000, 0.01), task.family());
        assertEquals("north/7", task.family().memberKey(List.of("north", "7")));
    }

    @Test
    void shouldLeaveATaskWithoutPerASingleTask() {
        assertFalse(firstTask("{name: y, kind: regression}").isFamily());
    }

    @Test
    void shouldNameThePathOfEveryBadSetting() {
        assertError("{name: y, kind: regression, family: {max_members: 5}}", "tasks[0].family", "per");
        assertError("{name: y, kind: regression, per: []}", "tasks[0].per", "empty");
        assertError("{name: y, kind: regression, per: '9x'}", "tasks[0].per", "not a valid name");
        assertError("{name: y, kind: regression, per: [a, a]}", "tasks[0].per[1]", "twice");
        assertError("{name: y, kind: regression, per: s, family: {max_members: 0}}",
                "tasks[0].family.max_members", "out of range");
        assertError("{name: y, kind: regression, per: s, family: {idle_ttl_examples: -1}}",
                "tasks[0].family.idle_ttl_examples", "negative");
        assertError("{name: y, kind: regression, per: s, family: {shrink: -0.5}}", "tasks[0].family.shrink",
                "≥ 0");
        assertError("{name: y, kind: regression, per: s, label_ttl: 1m}", "tasks[0].label_ttl", "inside events");
        assertError("{name: y, kind: regression, per: s, family: {shrinkage: 1}}", "tasks[0].family.shrinkage",
                "");
    }
}
