package io.streammtl.stream;

import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The decision table: a hanging transaction gets its coordinator's outcome only when that outcome is its own. */
class HangingOffsetCommitsVerdictTest {
    private static final ProducerState OPEN = new ProducerState(2000, 53, -1, 0, OptionalInt.of(4),
            OptionalLong.of(307));

    private static Optional<TransactionDescription> coordinator(long producerId, int epoch, TransactionState state) {
        return Optional.of(new TransactionDescription(1, state, producerId, epoch, 10_000, OptionalLong.empty(),
                Set.of()));
    }

    @Test
    void shouldCopyTheOutcomeTheCoordinatorSettledAtTheSameOrTheNextEpoch() {
        assertEquals(HangingOffsetCommits.Verdict.COMMIT,
                HangingOffsetCommits.verdict(OPEN, coordinator(2000, 54, TransactionState.COMPLETE_COMMIT)));
        assertEquals(HangingOffsetCommits.Verdict.ABORT,
                HangingOffsetCommits.verdict(OPEN, coordinator(2000, 53, TransactionState.COMPLETE_ABORT)));
    }

    @Test
    void shouldWaitWhileTheCoordinatorHasNotSettledIt() {
        assertEquals(HangingOffsetCommits.Verdict.IN_FLIGHT,
                HangingOffsetCommits.verdict(OPEN, coordinator(2000, 54, TransactionState.PREPARE_COMMIT)));
        assertEquals(HangingOffsetCommits.Verdict.IN_FLIGHT,
                HangingOffsetCommits.verdict(OPEN, coordinator(2000, 53, TransactionState.ONGOING)));
    }

    @Test
    void shouldCallTheOutcomeUnknownWhenTheCoordinatorForgotItOrMovedOn() {
        assertEquals(HangingOffsetCommits.Verdict.UNKNOWN, HangingOffsetCommits.verdict(OPEN, Optional.empty()));
        assertEquals(HangingOffsetCommits.Verdict.UNKNOWN,
                HangingOffsetCommits.verdict(OPEN, coordinator(3000, 54, TransactionState.COMPLETE_COMMIT)));
        assertEquals(HangingOffsetCommits.Verdict.UNKNOWN,
                HangingOffsetCommits.verdict(OPEN, coordinator(2000, 56, TransactionState.COMPLETE_COMMIT)));
        assertEquals(HangingOffsetCommits.Verdict.UNKNOWN,
                HangingOffsetCommits.verdict(OPEN, coordinator(2000, 54, TransactionState.EMPTY)));
    }
}
