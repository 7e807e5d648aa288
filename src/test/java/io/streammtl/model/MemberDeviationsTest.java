package io.streammtl.model;

import io.streammtl.config.FamilyConfig;
import io.streammtl.config.OptimizerConfig;
import io.streammtl.config.OptimizerKind;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Members appear on labels only, and leave least recently labeled first or when idle, counted in examples. */
class MemberDeviationsTest {
    private static final OptimizerConfig ADAM = OptimizerConfig.defaults(OptimizerKind.ADAM);

    private static MemberDeviations family(int maxMembers, long ttl) {
        return new MemberDeviations(new FamilyConfig(List.of("k"), maxMembers, ttl, 0), 2, 1, 4, ADAM);
    }

    /** One applied step of {@code keys}, every row labeled where {@code labeled}. */
    private static void step(MemberDeviations members, String[] keys, boolean[] labeled) {
        members.bind(keys, labeled, keys.length);
        members.finishStep(true, labeled, keys.length);
    }

    private static boolean[] all(int rows) {
        boolean[] labeled = new boolean[rows];
        java.util.Arrays.fill(labeled, true);
        return labeled;
    }

    @Test
    void shouldCreateAMemberOnItsFirstLabeledRowOnly() {
        MemberDeviations members = family(10, 0);
        members.bind(new String[] {"a"}, null, 1);
        assertFalse(members.contains("a"), "predicting creates no member");
        step(members, new String[] {"a", "b"}, new boolean[] {false, true});
        assertEquals(List.of("b"), members.keys(), "an unlabeled row creates no member");
        assertArrayEquals(new float[3], members.deviation("b"), "a new member starts at exactly zero");
    }

    @Test
    void shouldDropTheMembersOfARejectedStep() {
        MemberDeviations members = family(10, 0);
        step(members, new String[] {"a"}, all(1));
        members.bind(new String[] {"a", "b"}, all(2), 2);
        members.finishStep(false, all(2), 2);
        assertEquals(List.of("a"), members.keys());
        assertEquals(3, members.examples(), "the examples of a rejected step still count");
    }

    @Test
    void shouldEvictTheLeastRecentlyLabeledAndBreakTiesByKey() {
        MemberDeviations members = family(3, 0);
        step(members, new String[] {"d", "c"}, all(2));
        step(members, new String[] {"b", "a"}, all(2));
        assertEquals(List.of("a", "b", "c"), members.keys(), "d, labeled first, goes");
        step(members, new String[] {"c", "x", "y", "z"}, new boolean[] {true, false, false, false});
        step(members, new String[] {"e", "f", "x", "y"}, new boolean[] {true, true, false, false});
        assertEquals(List.of("c", "e", "f"), members.keys(), "b and a go before c, labeled later");
        MemberDeviations ties = family(2, 0);
        ties.bind(new String[] {"q", "p", "r"}, all(3), 3);
        ties.finishStep(true, new boolean[] {true, true, true}, 3);
        assertEquals(List.of("p", "r"), ties.keys(), "q was labeled first");
    }

    @Test
    void shouldDropAMemberIdleBeyondTheTtlAtTheNextStep() {
        MemberDeviations members = family(10, 4);
        step(members, new String[] {"a", "b"}, all(2));
        step(members, new String[] {"b", "n"}, new boolean[] {true, false});
        assertEquals(List.of("a", "b"), members.keys(), "a: 3 examples since its label");
        step(members, new String[] {"n", "n"}, new boolean[] {false, false});
        assertEquals(List.of("b"), members.keys(), "a: 5 examples since its label, b: 3");
    }

    @Test
    void shouldRestoreMembersExactlyFromTheirState() {
        MemberDeviations members = family(10, 0);
        float[] h = {1, 2, 3, 4};
        float[] z = new float[2];
        float[] g = {0.5f, -1f};
        boolean[] labeled = all(2);
        members.bind(new String[] {"a", "b"}, labeled, 2);
        members.addOutputs(h, z, 2);
        members.backward(h, g, 2, new float[4]);
        members.step(1f, 1.0);
        members.finishStep(true, labeled, 2);
        ByteBuffer state = ByteBuffer.allocate(members.stateBytes()).order(ByteOrder.LITTLE_ENDIAN);
        members.write(state);
        assertFalse(state.hasRemaining(), "stateBytes is exact");
        MemberDeviations copy = family(10, 0);
        try {
            copy.read(state.flip());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(members.keys(), copy.keys());
        assertEquals(members.examples(), copy.examples());
        assertArrayEquals(members.deviation("a"), copy.deviation("a"));
        assertTrue(members.deviation("a")[2] != 0, "the step moved a's bias");
    }
}
