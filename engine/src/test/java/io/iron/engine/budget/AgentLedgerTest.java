package io.iron.engine.budget;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger as a specification; numbers from the reference CostController's unit tests and the seed. */
class AgentLedgerTest {
    private static final long NOW = 1_000_000L;
    private final AgentLedger ledger = new AgentLedger(9999);

    private long reserve(String lease, long micros) {
        return assertInstanceOf(ReserveResult.Reserved.class, ledger.reserve(lease, micros, NOW)).reservationId();
    }

    @Test
    void reservingThreeMillionOfTenLeavesSeven() {
        ledger.openLease("L", 10_000_000, NOW, 0);
        reserve("L", 3_000_000);
        assertEquals(7_000_000, ledger.lease("L").availableMicros());
    }

    @Test
    void reservingMoreThanAvailableIsInsufficientAndChangesNothing() {
        ledger.openLease("L", 5_000_000, NOW, 0);
        var r = assertInstanceOf(ReserveResult.Insufficient.class, ledger.reserve("L", 10_000_000, NOW));
        assertEquals(5_000_000, r.availableMicros());
        assertEquals(10_000_000, r.requestedMicros());
        assertEquals(0, ledger.lease("L").reservedMicros());
    }

    @Test
    void reservingExactlyTheAvailableSucceedsAndOneMoreFails() {
        ledger.openLease("L", 100, NOW, 0);
        assertInstanceOf(ReserveResult.Insufficient.class, ledger.reserve("L", 101, NOW));
        reserve("L", 100);
        assertEquals(0, ledger.lease("L").availableMicros());
    }

    @Test
    void aLeaseAtItsLimitIsExhaustedEvenForAZeroReservation() {
        ledger.openLease("L", 10_000_000, NOW, 0);
        long r = reserve("L", 7_000_000);
        long r2 = reserve("L", 3_000_000);
        ledger.settle("L", r2, 3_000_000, NOW);
        var x = assertInstanceOf(ReserveResult.Exhausted.class, ledger.reserve("L", 0, NOW));
        assertEquals(3_000_000, x.spentMicros());
        assertEquals(7_000_000, x.reservedMicros());
        assertEquals(10_000_000, x.limitMicros());
        ledger.release("L", r, NOW);
        reserve("L", 0);
    }

    @Test
    void settlingBelowTheReservationChargesTheActual() {
        ledger.openLease("L", 10_000_000, NOW, 0);
        long r = reserve("L", 5_000_000);
        SettleResult s = ledger.settle("L", r, 3_000_000, NOW);
        assertEquals(3_000_000, s.chargedMicros());
        assertEquals(3_000_000, ledger.lease("L").spentMicros());
        assertEquals(0, ledger.lease("L").reservedMicros());
    }

    @Test
    void microPrecisionReserveFiftySettleThirtyLeavesSeventyOfAHundred() {
        ledger.openLease("L", 100, NOW, 0);
        long r = reserve("L", 50);
        ledger.settle("L", r, 30, NOW);
        assertEquals(70, ledger.lease("L").availableMicros());
    }

    @Test
    void settlingAboveTheReservationTakesFromTheLeaseButNeverPastTheGrant() {
        ledger.openLease("L", 1_000, NOW, 0);
        long r = reserve("L", 300);
        SettleResult s = ledger.settle("L", r, 400, NOW);
        assertEquals(400, s.chargedMicros());
        assertEquals(0, s.overrunMicros());
        long r2 = reserve("L", 500);
        SettleResult s2 = ledger.settle("L", r2, 900, NOW);
        assertEquals(600, s2.chargedMicros(), "only what the lease still had");
        assertEquals(300, s2.overrunMicros());
        assertEquals(1_000, ledger.lease("L").spentMicros());
    }

    @Test
    void settlingTwiceChargesOnce() {
        ledger.openLease("L", 1_000, NOW, 0);
        long r = reserve("L", 300);
        ledger.settle("L", r, 200, NOW);
        SettleResult again = ledger.settle("L", r, 200, NOW);
        assertFalse(again.applied());
        assertEquals(200, ledger.lease("L").spentMicros());
    }

    @Test
    void aReplayedReportChargesNothingAndAnswersTheSame() {
        ledger.openLease("L", 10_000_000, NOW, 0);
        assertInstanceOf(ReportResult.Charged.class, ledger.report("L", "req-1", 5_000_000, NOW));
        var replay = assertInstanceOf(ReportResult.Replayed.class, ledger.report("L", "req-1", 5_000_000, NOW));
        assertEquals(5_000_000, replay.costMicros());
        assertEquals(5_000_000, ledger.lease("L").spentMicros());
    }

    @Test
    void aReportAboveTheLeaseRemainderIsRefusedAndRecordsNothing() {
        ledger.openLease("L", 10_000_000, NOW, 0);
        ledger.report("L", "a", 6_000_000, NOW);
        assertInstanceOf(ReportResult.Insufficient.class, ledger.report("L", "b", 5_000_000, NOW));
        assertEquals(6_000_000, ledger.lease("L").spentMicros());
        assertInstanceOf(ReportResult.Charged.class, ledger.report("L", "b", 4_000_000, NOW));
        assertEquals(0, ledger.lease("L").availableMicros());
    }

    @Test
    void theSeedReturnGivesBackSixtySeven() {
        ledger.openLease("L", 10_000, NOW, 0);
        Closing c = ledger.returnLease("L", 9_933, NOW);
        assertTrue(c.ok());
        assertEquals(67, c.returnedMicros());
        assertEquals(9_933, c.finalSpentMicros());
        assertEquals(9_933, ledger.drawnMicros());
    }

    @Test
    void aReturnGivesBackGrantedLessTheLargerOfServerAndClientSpent() {
        ledger.openLease("L", 1_000, NOW, 0);
        ledger.report("L", "r", 600, NOW);
        assertEquals(400, ledger.returnLease("L", 100, NOW).returnedMicros());
    }

    @Test
    void aSecondReturnIsRefusedAsNotActive() {
        ledger.openLease("L", 1_000, NOW, 0);
        ledger.returnLease("L", 0, NOW);
        Closing again = ledger.returnLease("L", 0, NOW);
        assertEquals(LeaseProblem.NOT_ACTIVE, again.problem());
        assertEquals(0, again.returnedMicros());
    }

    @Test
    void reportsOnAClosedOrRefreshedLeaseAreRefused() {
        ledger.openLease("A", 1_000, NOW, 0);
        ledger.openLease("B", 1_000, NOW, 0);
        ledger.returnLease("A", 0, NOW);
        ledger.closeForRefresh("B", NOW);
        assertEquals(LeaseProblem.NOT_ACTIVE,
                assertInstanceOf(ReportResult.LeaseUnusable.class, ledger.report("A", "x", 1, NOW)).problem());
        assertEquals(LeaseProblem.EXPIRED,
                assertInstanceOf(ReportResult.LeaseUnusable.class, ledger.report("B", "x", 1, NOW)).problem());
    }

    @Test
    void aReservationInFlightAtReturnGivesBackItsUnusedPartWhenItSettles() {
        ledger.openLease("L", 1_000, NOW, 0);
        long r = reserve("L", 400);
        Closing c = ledger.returnLease("L", 0, NOW);
        assertEquals(600, c.returnedMicros(), "the reserved 400 stays out until the request ends");
        SettleResult s = ledger.settle("L", r, 150, NOW);
        assertEquals(150, s.chargedMicros());
        assertEquals(250, s.freedMicros());
        assertEquals(150, ledger.drawnMicros());
    }

    @Test
    void aLeasePastItsTtlLapsesWithItsWholeGrantCountedAsSpent() {
        ledger.openLease("L", 1_000, NOW, 60_000);
        long r = reserve("L", 300);
        assertTrue(ledger.lapsedAt(NOW + 60_000).isEmpty(), "expires_at == now is still valid");
        assertEquals(1, ledger.lapsedAt(NOW + 60_001).size());
        Closing c = ledger.lapse("L", NOW + 60_001);
        assertEquals(0, c.returnedMicros());
        assertEquals(1_000, c.finalSpentMicros());
        assertFalse(ledger.settle("L", r, 10, NOW + 60_002).applied(), "already counted in full");
        assertEquals(1_000, ledger.drawnMicros());
    }

    @Test
    void usingALeaseExtendsItsTtl() {
        ledger.openLease("L", 1_000, NOW, 60_000);
        reserve("L", 1);
        ledger.reserve("L", 1, NOW + 50_000);
        assertEquals(NOW + 110_000, ledger.lease("L").expiresAtMillis());
    }

    @Test
    void aRefreshHandsBackTheUnreservedRemainder() {
        ledger.openLease("L", 1_000, NOW, 0);
        reserve("L", 300);
        ledger.report("L", "r", 200, NOW);
        assertEquals(500, ledger.refreshCredit("L"));
        assertEquals(500, ledger.closeForRefresh("L", NOW).returnedMicros());
    }

    @Test
    void restoredLeasesKeepTheirIdempotencyKeysAndTotals() {
        ledger.restoreLease("L", 1_000, 400, 0, LeaseStatus.ACTIVE, NOW, 0, 0, Map.of("r1", 400L));
        assertInstanceOf(ReportResult.Replayed.class, ledger.report("L", "r1", 400, NOW));
        assertEquals(600, ledger.lease("L").availableMicros());
        assertEquals(1_000, ledger.drawnMicros());
        assertEquals(400, ledger.settledMicros());
    }

    @Test
    void negativeAmountsAreRefusedWithTheFieldNamed() {
        ledger.openLease("L", 1_000, NOW, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> ledger.reserve("L", -1, NOW));
        assertTrue(e.getMessage().contains("amountMicros"), e.getMessage());
        assertEquals(0, ledger.lease("L").reservedMicros());
    }
}
