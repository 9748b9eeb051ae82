package io.iron.engine.store.journal;

import java.util.List;

import io.iron.engine.bank.LeaseClose;
import io.iron.engine.budget.AgentLedger;
import io.iron.engine.budget.Lease;
import io.iron.engine.budget.LeaseStatus;
import io.iron.engine.budget.ReportResult;
import io.iron.engine.journal.JournalRecord;
import io.iron.engine.journal.JournalRecord.Kind;
import io.iron.engine.store.SharedFixtures;
import io.iron.engine.store.StoreFixture;
import io.iron.engine.store.bank.SqlBank;
import io.iron.engine.store.db.Dialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Rebuilding ledgers from the database, and D14: in-flight reservations count at full amount, exactly once. */
class DbLedgerStoreTest {

    private static final SharedFixtures FIXTURES = new SharedFixtures();
    private static final long NOW = 1_700_000_000_000L;

    @AfterAll
    static void closeFixtures() {
        FIXTURES.close();
    }

    private static JournalRecord rec(long agent, String lease, Kind kind, long reservation, long amount) {
        return new JournalRecord(agent, lease, kind, reservation, null, amount, 0, NOW);
    }

    private static void append(StoreFixture fx, JournalRecord... records) {
        try (GroupCommitJournal journal = new GroupCommitJournal(fx.db())) {
            journal.append(List.of(records)).join();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aLoadedLedgerHoldsTheActiveLeasesWithDurableSpentAndTheirReportKeys(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        SqlBank bank = new SqlBank(fx.db());
        long agent = fx.agent(100_000);
        String active = bank.grant(agent, 10_000, NOW, 60_000, false).leaseId();
        String returned = bank.grant(agent, 5_000, NOW, 0, false).leaseId();
        bank.close(new LeaseClose(agent, returned, LeaseStatus.CLOSED, 0, 5_000, NOW, null));
        append(fx, rec(agent, active, Kind.RESERVE, 1, 900), rec(agent, active, Kind.SETTLE, 1, 700),
                new JournalRecord(agent, active, Kind.REPORT, 0, "req-7", 250, 0, NOW + 10));

        AgentLedger ledger = new DbLedgerStore(fx.db()).load(agent);

        Lease lease = ledger.lease(active);
        assertAll(
                () -> assertEquals(1, ledger.leases().size(), "closed leases stay in the store"),
                () -> assertEquals(10_000, lease.grantedMicros()),
                () -> assertEquals(950, lease.spentMicros()),
                () -> assertEquals(0, lease.reservedMicros()),
                () -> assertEquals(60_000, lease.ttlMillis()),
                () -> assertEquals(NOW + 10 + 60_000, lease.expiresAtMillis(), "last use + TTL"),
                () -> assertEquals(250L, lease.reportedCost("req-7")),
                () -> assertNull(ledger.lease(returned)));
        ReportResult replay = ledger.report(active, "req-7", 250, NOW + 20);
        assertInstanceOf(ReportResult.Replayed.class, replay, "a replayed report charges nothing after a restart");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aReservationInFlightAtACrashCountsAtItsFullAmountOnceAcrossRestarts(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        long agent = fx.agent(100_000);
        String lease = new SqlBank(fx.db()).grant(agent, 10_000, NOW, 0, false).leaseId();
        append(fx, rec(agent, lease, Kind.RESERVE, 11, 3_000), rec(agent, lease, Kind.RESERVE, 12, 2_000),
                rec(agent, lease, Kind.SETTLE, 12, 1_500), rec(agent, lease, Kind.RESERVE, 13, 400),
                rec(agent, lease, Kind.RELEASE, 13, 0));

        long first = new DbLedgerStore(fx.db()).load(agent).lease(lease).spentMicros();   // restart 1
        long second = new DbLedgerStore(fx.db()).load(agent).lease(lease).spentMicros();  // restart 2

        assertEquals(4_500, first, "1_500 settled + 3_000 in flight counted in full; the released 400 not at all");
        assertEquals(4_500, second, "not counted again");
        assertEquals(List.of("3000"), fx.lines("SELECT amount_micros FROM iron_journal WHERE lease_id = ?"
                + " AND kind = 'settle' AND reservation_id = '11'", lease));
        assertEquals(4_500, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void startupRecoverySettlesEveryInFlightReservationOnce(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        new DbLedgerStore(fx.db()).recoverAll(); // the shared journal may hold other tests' records: settle them first
        long agent = fx.agent(100_000);
        SqlBank bank = new SqlBank(fx.db());
        String a = bank.grant(agent, 10_000, NOW, 0, false).leaseId();
        String b = bank.grant(agent, 10_000, NOW, 0, false).leaseId();
        bank.close(new LeaseClose(agent, b, LeaseStatus.CLOSED, 0, 9_000, NOW, null)); // 1_000 still reserved
        append(fx, rec(agent, a, Kind.RESERVE, 21, 600), rec(agent, a, Kind.RESERVE, 22, 700),
                rec(agent, a, Kind.SETTLE, 22, 650), rec(agent, b, Kind.RESERVE, 23, 1_000));

        RecoverySummary s1 = new DbLedgerStore(fx.db()).recoverAll();
        RecoverySummary s2 = new DbLedgerStore(fx.db()).recoverAll();

        assertEquals(List.of(2, 2, 1_600L), List.of(s1.leases(), s1.reservations(), s1.micros()));
        assertEquals(List.of(0, 0, 0L), List.of(s2.leases(), s2.reservations(), s2.micros()));
        assertEquals(0, fx.number("SELECT count(*) FROM iron_open_reservations"), "nothing left in flight");
        assertEquals("1250|1000|9000", fx.single("SELECT (SELECT budget_spent FROM budget_leases WHERE id = ?),"
                + " budget_spent, returned_amount FROM budget_leases WHERE id = ?", a, b),
                "a: 650 settled + 600 in flight; b (returned): its in-flight 1_000 is spent, none given back twice");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aCreditThatACrashCutOffIsCompletedByRecovery(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        new DbLedgerStore(fx.db()).recoverAll(); // settle what other tests left first
        long agent = fx.agent(100_000);
        SqlBank bank = new SqlBank(fx.db());
        String lease = bank.grant(agent, 5_000, NOW, 0, false).leaseId();
        append(fx, rec(agent, lease, Kind.RESERVE, 51, 1_000));
        bank.close(new LeaseClose(agent, lease, LeaseStatus.REVOKED, 0, 4_000, NOW, "admin: test"));
        // The request settles at 210 on the revoked lease; the process dies before crediting the unused 790.
        append(fx, rec(agent, lease, Kind.SETTLE, 51, 210));

        RecoverySummary s = new DbLedgerStore(fx.db()).recoverAll();

        assertEquals(List.of(0, 1, 790L), List.of(s.reservations(), s.lateCredits(), s.lateCreditMicros()));
        assertEquals("210|4790", fx.single("SELECT budget_spent, returned_amount FROM budget_leases WHERE id = ?", lease));
        assertEquals("100000|210|99790", fx.account(agent));
        assertEquals(0, new DbLedgerStore(fx.db()).recoverAll().lateCredits(), "credited once");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aLapseAlreadyCountedItsOpenReservations(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        long agent = fx.agent(100_000);
        SqlBank bank = new SqlBank(fx.db());
        String lease = bank.grant(agent, 10_000, NOW, 1_000, false).leaseId();
        append(fx, rec(agent, lease, Kind.RESERVE, 31, 600), rec(agent, lease, Kind.EXPIRE, 0, 10_000));
        bank.close(new LeaseClose(agent, lease, LeaseStatus.EXPIRED, 10_000, 0, NOW + 5_000, null));

        new DbLedgerStore(fx.db()).load(agent);

        assertEquals(0, fx.number("SELECT count(*) FROM iron_journal WHERE lease_id = ? AND kind = 'settle'", lease));
        assertEquals(10_000, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anActorReloadingAfterAFailedCommitCountsTheReservationsItLost(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        long agent = fx.agent(100_000);
        String lease = new SqlBank(fx.db()).grant(agent, 10_000, NOW, 0, false).leaseId();
        DbLedgerStore store = new DbLedgerStore(fx.db());
        store.recoverAll();
        store.load(agent); // the actor starts
        append(fx, rec(agent, lease, Kind.RESERVE, 41, 800)); // durable; its settle never will be

        AgentLedger reloaded = store.load(agent); // same actor, reloading: its in-memory reservation is gone

        assertEquals(800, reloaded.lease(lease).spentMicros());
        store.passivated(reloaded);
        assertEquals(800, store.load(agent).lease(lease).spentMicros(), "a fresh start after passivation: nothing new");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theSweepFindsRestLeasesPastTheirTtlCountedFromLastUse(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        long agent = fx.agent(100_000);
        SqlBank bank = new SqlBank(fx.db());
        long t0 = 1_800_000_000_000L + agent * 1_000_000L; // apart from other tests' leases
        String idle = bank.grant(agent, 1_000, t0, 1_000, false).leaseId();
        String used = bank.grant(agent, 1_000, t0, 1_000, false).leaseId();
        String house = bank.grant(agent, 1_000, t0, 1_000, true).leaseId();
        bank.grant(agent, 1_000, t0, 0, false); // no TTL
        append(fx, new JournalRecord(agent, used, Kind.SETTLE, 1, null, 10, 0, t0 + 800));
        LeaseSweep sweep = new LeaseSweep(fx.db());

        assertEquals(List.of(), mine(sweep.due(t0 + 1_000, 100), agent), "expires_at == now is still valid");
        assertEquals(List.of(new LeaseSweep.DueLease(agent, idle, t0 + 1_000)), mine(sweep.due(t0 + 1_001, 100), agent));
        assertEquals(List.of(new LeaseSweep.DueLease(agent, idle, t0 + 1_000),
                new LeaseSweep.DueLease(agent, used, t0 + 1_800)), mine(sweep.due(t0 + 1_801, 100), agent));
        assertEquals(List.of(), sweep.due(t0 + 10_000, 100).stream().filter(d -> d.leaseId().equals(house)).toList(),
                "house leases are their actor's to lapse");
    }

    private static List<LeaseSweep.DueLease> mine(List<LeaseSweep.DueLease> due, long agent) {
        return due.stream().filter(d -> d.agentId() == agent).toList();
    }
}
