package io.iron.engine.store.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import io.iron.engine.journal.JournalRecord;
import io.iron.engine.journal.JournalRecord.Kind;
import io.iron.engine.store.SharedFixtures;
import io.iron.engine.store.StoreFixture;
import io.iron.engine.store.bank.SqlBank;
import io.iron.engine.store.bank.Transactions;
import io.iron.engine.store.db.Dialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The group-commit journal: what lands in the database, when futures complete, backpressure, failures, close. */
// A lost acknowledgement hangs its appender in join(), which no interrupt ends: time out from another thread.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GroupCommitJournalTest {

    private static final SharedFixtures FIXTURES = new SharedFixtures();
    private static final long NOW = 1_700_000_000_000L;

    @AfterAll
    static void closeFixtures() {
        FIXTURES.close();
    }

    private static JournalRecord rec(long agent, String lease, Kind kind, long reservation, String request, long amount,
                                     long overrun) {
        return new JournalRecord(agent, lease, kind, reservation, request, amount, overrun, NOW);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void recordsAreInTheJournalWhenTheirFutureCompletes(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        long agent = fx.agent(10_000);
        String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
        try (GroupCommitJournal journal = new GroupCommitJournal(fx.db())) {
            journal.append(List.of(
                    rec(agent, lease, Kind.RESERVE, 9_007_199_254_740_993L, null, 800, 0),
                    rec(agent, lease, Kind.SETTLE, 9_007_199_254_740_993L, null, 650, 20))).join();
        }
        assertEquals(List.of(
                        agent + "|reserve|9007199254740993||800|0|" + NOW,
                        agent + "|settle|9007199254740993||650|20|" + NOW),
                fx.lines("SELECT agent_id, kind, reservation_id, request_id, amount_micros, overrun_micros, created_at"
                        + " FROM iron_journal WHERE lease_id = ? ORDER BY seq", lease));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theLeaseRowShowsDurableSpentAfterEveryBatch(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        long agent = fx.agent(100_000);
        String lease = new SqlBank(fx.db()).grant(agent, 50_000, NOW, 0, false).leaseId();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (GroupCommitJournal journal = new GroupCommitJournal(fx.db())) {
            for (int i = 1; i <= 150; i++) { // more than one multi-row chunk
                futures.add(journal.append(List.of(rec(agent, lease, Kind.RESERVE, i, null, 100, 0),
                        rec(agent, lease, Kind.SETTLE, i, null, 100, 0))));
            }
            futures.forEach(CompletableFuture::join);
        }
        assertEquals(15_000, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease));
        assertEquals(300, fx.number("SELECT count(*) FROM iron_journal WHERE lease_id = ?", lease));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aReportRecordsItsIdempotencyKeyAndTheBodyToAnswerAReplay(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        long agent = fx.agent(10_000);
        String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
        try (GroupCommitJournal journal = new GroupCommitJournal(fx.db())) {
            journal.append(List.of(rec(agent, lease, Kind.REPORT, 0, "req-1", 1_234, 0))).join();
        }
        assertEquals("req-1|1234|{\"cost_microdollars\":1234}|" + NOW, fx.single("SELECT request_id, cost_micros,"
                + " response_json, created_at FROM iron_lease_requests WHERE lease_id = ?", lease));
        assertEquals("report||req-1|1234", fx.single("SELECT kind, reservation_id, request_id, amount_micros"
                + " FROM iron_journal WHERE lease_id = ?", lease));
        assertEquals(1_234, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void closeWritesWhatIsQueuedAndLaterAppendsFail(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        long agent = fx.agent(10_000);
        String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
        GroupCommitJournal journal = new GroupCommitJournal(fx.db());
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            futures.add(journal.append(List.of(rec(agent, lease, Kind.RELEASE, i, null, 0, 0))));
        }
        journal.close();

        assertTrue(futures.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()));
        assertEquals(40, fx.number("SELECT count(*) FROM iron_journal WHERE lease_id = ?", lease));
        CompletionException late = assertThrows(CompletionException.class,
                () -> journal.append(List.of(rec(agent, lease, Kind.RELEASE, 41, null, 0, 0))).join());
        assertTrue(late.getCause().getMessage().endsWith("is closed"), late.getCause().getMessage());
    }

    /** SQLite only: holding its one write connection stalls the writer deterministically. */
    @Test
    void aFullQueueBlocksAppendersUntilTheWriterCatchesUp() throws Exception {
        StoreFixture fx = FIXTURES.of(Dialect.SQLITE);
        long agent = fx.agent(10_000);
        String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
        try (GroupCommitJournal journal = new GroupCommitJournal(fx.db(), new JournalOptions(2, 100))) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            AtomicReference<CompletableFuture<Void>> fourth = new AtomicReference<>();
            Thread appender;
            try (Connection held = fx.db().writer().getConnection()) {
                futures.add(journal.append(List.of(rec(agent, lease, Kind.RELEASE, 1, null, 0, 0))));
                awaitQueued(journal, 0); // the writer took it and now waits for the connection
                futures.add(journal.append(List.of(rec(agent, lease, Kind.RELEASE, 2, null, 0, 0))));
                futures.add(journal.append(List.of(rec(agent, lease, Kind.RELEASE, 3, null, 0, 0))));
                appender = Thread.ofVirtual().start(() ->
                        fourth.set(journal.append(List.of(rec(agent, lease, Kind.RELEASE, 4, null, 0, 0)))));
                awaitParked(appender);

                assertTrue(appender.isAlive(), "the fourth append waits: the queue holds two and two are queued");
                assertEquals(2, journal.queued());
                assertFalse(futures.getFirst().isDone(), "nothing is durable while the writer has no connection");
            }
            appender.join();
            futures.add(fourth.get());
            futures.forEach(CompletableFuture::join);
        }
        assertEquals(4, fx.number("SELECT count(*) FROM iron_journal WHERE lease_id = ?", lease));
    }

    /** SQLite only (see above). A record the writer refuses fails its whole batch, and only that batch. */
    @Test
    void aFailedCommitFailsEveryFutureOfItsBatch() throws Exception {
        StoreFixture fx = FIXTURES.of(Dialect.SQLITE);
        long agent = fx.agent(10_000);
        String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
        try (GroupCommitJournal journal = new GroupCommitJournal(fx.db())) {
            CompletableFuture<Void> before;
            CompletableFuture<Void> good;
            CompletableFuture<Void> bad;
            try (Connection held = fx.db().writer().getConnection()) {
                before = journal.append(List.of(rec(agent, lease, Kind.SETTLE, 1, null, 100, 0)));
                awaitQueued(journal, 0);
                good = journal.append(List.of(rec(agent, lease, Kind.SETTLE, 2, null, 200, 0)));
                bad = journal.append(List.of(rec(agent, lease, Kind.SETTLE, 3, null, -1, 0))); // amount >= 0
            }
            before.join();
            CompletionException goodFailed = assertThrows(CompletionException.class, good::join);
            assertThrows(CompletionException.class, bad::join);
            assertTrue(goodFailed.getCause().getMessage().contains("a journal record with a negative amount"),
                    goodFailed.getCause().getMessage());
            journal.append(List.of(rec(agent, lease, Kind.SETTLE, 4, null, 400, 0))).join(); // it goes on
            assertEquals(1, journal.failedBatches());
        }
        assertEquals(List.of("1|100", "4|400"), fx.lines("SELECT reservation_id, amount_micros FROM iron_journal"
                + " WHERE lease_id = ? ORDER BY seq", lease));
        assertEquals(500, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease));
    }

    /**
     * SQLite FULL: the writer commits without fsync and the syncer fsyncs the WAL before anything is acknowledged; the
     * write connection goes back to the pool with FULL, so the bank's own commits still fsync themselves.
     */
    @Test
    void sqliteFullAcknowledgesAfterTheWalFsyncAndLeavesTheConnectionAtFull() throws Exception {
        StoreFixture fx = FIXTURES.of(Dialect.SQLITE);
        long agent = fx.agent(10_000);
        String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
        try (GroupCommitJournal journal = new GroupCommitJournal(fx.db())) {
            long before = journal.fsyncs();
            journal.append(List.of(rec(agent, lease, Kind.SETTLE, 1, null, 100, 0))).join();
            assertTrue(journal.fsyncs() > before, "the acknowledgement came after a WAL fsync");
            try (Connection c = fx.db().writer().getConnection()) {
                assertEquals(List.of("2"), StoreFixture.lines(c, "PRAGMA synchronous"), "2 = FULL");
            }
        }
        assertEquals(100, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease));
    }

    /** The writer keeps its statements on SQLite's write connection; when the pool replaces it, it prepares anew. */
    @Test
    void theWriterGoesOnWhenThePoolReplacesTheWriteConnection() throws Exception {
        StoreFixture fx = FIXTURES.of(Dialect.SQLITE);
        long agent = fx.agent(10_000);
        String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
        try (GroupCommitJournal journal = new GroupCommitJournal(fx.db())) {
            journal.append(List.of(rec(agent, lease, Kind.RESERVE, 1, null, 300, 0))).join();
            try (Connection c = fx.db().writer().getConnection()) {
                fx.db().evictWriterConnection(c); // closed when returned: the next batch gets a new physical one
            }
            journal.append(List.of(rec(agent, lease, Kind.SETTLE, 1, null, 200, 0))).join();
            journal.append(List.of(rec(agent, lease, Kind.RESERVE, 2, null, 100, 0))).join();
        }
        assertEquals(List.of("reserve|1", "settle|1", "reserve|2"), fx.lines("SELECT kind, reservation_id"
                + " FROM iron_journal WHERE lease_id = ? ORDER BY seq", lease));
        assertEquals(List.of("2|100"), fx.lines("SELECT reservation_id, amount_micros FROM iron_open_reservations"
                + " WHERE lease_id = ?", lease));
        assertEquals(200, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease));
    }

    @Test
    void sqliteNormalCommitsWithoutTheSyncer() {
        try (StoreFixture fx = StoreFixture.createWithoutFsync(Dialect.SQLITE)) {
            long agent = fx.agent(10_000);
            String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
            try (GroupCommitJournal journal = new GroupCommitJournal(fx.db())) {
                journal.append(List.of(rec(agent, lease, Kind.SETTLE, 1, null, 100, 0))).join();
                assertEquals(0, journal.fsyncs());
                assertEquals(1, journal.batches());
            }
        }
    }

    /**
     * Nothing is acknowledged that the syncer could not fsync: with the WAL file unlinked behind SQLite's back, the
     * commit itself succeeds (into the unlinked file) but the future fails, naming the file.
     */
    @Test
    void aCommitWhoseWalCannotBeSyncedIsNotAcknowledged() throws Exception {
        try (StoreFixture fx = StoreFixture.create(Dialect.SQLITE)) {
            long agent = fx.agent(10_000);
            String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
            Path wal = fx.db().sqliteWalToSync().orElseThrow();
            try (GroupCommitJournal journal = new GroupCommitJournal(fx.db())) {
                journal.append(List.of(rec(agent, lease, Kind.SETTLE, 1, null, 100, 0))).join();
                Files.delete(wal);
                CompletionException e = assertThrows(CompletionException.class,
                        () -> journal.append(List.of(rec(agent, lease, Kind.SETTLE, 2, null, 200, 0))).join());
                assertTrue(e.getCause().getMessage().contains(wal.toString()), e.getCause().getMessage());
                assertEquals(1, journal.failedBatches());
            }
        }
    }

    /**
     * SQLite only. With a lag allowed and batches deferring from one record, the writer commits each batch alone and leaves its effects on budget_spent and
     * the open reservations for later; it writes them when their lag is up, alone when no batch comes to carry them.
     * Three batches, one write of their effects, and the effects are exact (the reservation opened and settled
     * within them never touched iron_open_reservations).
     */
    @Test
    void underLoadTheEffectsOfSeveralBatchesAreWrittenOnceAndExactly() throws Exception {
        StoreFixture fx = FIXTURES.of(Dialect.SQLITE);
        long agent = fx.agent(10_000);
        String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
        try (GroupCommitJournal journal = new GroupCommitJournal(fx.db(),
                new JournalOptions(16, 1, 1_000, 1))) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            try (Connection held = fx.db().writer().getConnection()) {
                futures.add(journal.append(List.of(rec(agent, lease, Kind.RESERVE, 1, null, 300, 0))));
                awaitQueued(journal, 0);
                futures.add(journal.append(List.of(rec(agent, lease, Kind.RESERVE, 2, null, 200, 0))));
                futures.add(journal.append(List.of(rec(agent, lease, Kind.SETTLE, 2, null, 150, 0))));
            }
            futures.forEach(CompletableFuture::join);
            long waited = 0;
            while (journal.derivedWrites() == 0 && waited++ < 5_000) {
                Thread.sleep(1); // idle: the writer writes the effects on its own once their lag (1 s) is up
            }
            journal.applied().join();
            assertEquals(3, journal.batches());
            assertEquals(1, journal.derivedWrites(), "the three batches' effects were written together");
            assertEquals(List.of("1|300"), fx.lines("SELECT reservation_id, amount_micros FROM iron_open_reservations"
                    + " WHERE lease_id = ?", lease));
            assertEquals(150, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease));
            assertEquals(0, fx.number("SELECT count(*) FROM iron_journal_unapplied"));
            // A commit of effects alone (no records) goes through the fsync thread too, which goes on after it.
            journal.append(List.of(rec(agent, lease, Kind.SETTLE, 1, null, 300, 0))).join();
            journal.applied().join();
        }
        assertEquals(List.of(), fx.lines("SELECT reservation_id FROM iron_open_reservations WHERE lease_id = ?", lease));
        assertEquals(450, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease));
    }

    /**
     * With the default options a small batch (the writer is not saturated) writes its effects in its own transaction:
     * whoever reads budget_spent or the open reservations after an answer sees it, as a sqlite3 user does.
     */
    @Test
    void aSmallBatchHasItsEffectsWrittenWhenItsAppenderIsAnswered() {
        StoreFixture fx = FIXTURES.of(Dialect.SQLITE);
        long agent = fx.agent(10_000);
        String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
        try (GroupCommitJournal journal = new GroupCommitJournal(fx.db())) {
            for (int i = 1; i <= 20; i++) {
                journal.append(List.of(rec(agent, lease, Kind.RESERVE, i, null, 100, 0))).join();
                assertEquals(1, fx.number("SELECT count(*) FROM iron_open_reservations WHERE lease_id = ?"
                        + " AND reservation_id = ?", lease, Integer.toString(i)), "reservation " + i);
                journal.append(List.of(rec(agent, lease, Kind.SETTLE, i, null, 10, 0))).join();
                assertEquals(10L * i, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease));
            }
            assertEquals(journal.batches(), journal.derivedWrites());
        }
    }

    /**
     * Under load batch sizes swing: a saturated writer keeps its effects gathered through a small batch between big
     * ones (leaving on the first small batch made 2 batches in 5 write everything gathered), and writes them again in
     * each batch once its batches stay small.
     */
    @Test
    void aSaturatedWriterStaysSoThroughSwingingBatchSizesAndLeavesWhenTheyStaySmall() {
        StoreFixture fx = FIXTURES.of(Dialect.SQLITE);
        long agent = fx.agent(10_000);
        String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
        String spentSql = "SELECT budget_spent FROM budget_leases WHERE id = ?";
        // A lag no test run reaches: only saturation decides here.
        try (GroupCommitJournal journal = new GroupCommitJournal(fx.db(),
                JournalOptions.defaults().withDerivedLagMillis(60_000))) {
            long reservation = 0;
            long spent = 0;
            for (int round = 0; round < 10; round++) {
                List<JournalRecord> big = new ArrayList<>();
                for (int i = 0; i < JournalOptions.DEFAULT_DEFER_DERIVED_FROM_RECORDS + 8; i++) {
                    big.add(rec(agent, lease, Kind.SETTLE, ++reservation, null, 1, 0));
                }
                journal.append(big).join(); // one append is one batch at least
                spent += big.size();
                journal.append(List.of(rec(agent, lease, Kind.SETTLE, ++reservation, null, 1, 0))).join();
                spent += 1;
            }
            assertEquals(20, journal.batches());
            assertEquals(0, journal.derivedWrites(), "a small batch between big ones leaves the effects gathered");
            assertEquals(0, fx.number(spentSql, lease));
            for (int i = 0; i < 30; i++) {
                journal.append(List.of(rec(agent, lease, Kind.SETTLE, ++reservation, null, 1, 0))).join();
                spent += 1;
            }
            assertEquals(spent, fx.number(spentSql, lease), "batches that stay small: everything gathered is written");
            long writes = journal.derivedWrites();
            assertTrue(writes >= 1 && writes < 30, "left saturation after some small batches, not at once: " + writes);
            journal.append(List.of(rec(agent, lease, Kind.SETTLE, ++reservation, null, 5, 0))).join();
            assertEquals(spent + 5, fx.number(spentSql, lease), "a small batch's effects are written as it is answered");
            assertEquals(writes + 1, journal.derivedWrites());
        }
    }

    /** Without a lag, every batch writes its effects in its own transaction (as on PostgreSQL, always). */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void withoutALagEveryBatchWritesItsEffects(Dialect dialect) {
        StoreFixture fx = FIXTURES.of(dialect);
        long agent = fx.agent(10_000);
        String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
        try (GroupCommitJournal journal = new GroupCommitJournal(fx.db(), JournalOptions.defaults().withDerivedLagMillis(0))) {
            journal.append(List.of(rec(agent, lease, Kind.RESERVE, 1, null, 300, 0))).join();
            assertEquals(List.of("1|300"), fx.lines("SELECT reservation_id, amount_micros FROM iron_open_reservations"
                    + " WHERE lease_id = ?", lease));
            journal.append(List.of(rec(agent, lease, Kind.SETTLE, 1, null, 250, 0))).join();
            assertEquals(List.of(), fx.lines("SELECT reservation_id FROM iron_open_reservations WHERE lease_id = ?", lease));
            assertEquals(250, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease));
            assertEquals(journal.batches(), journal.derivedWrites());
        }
    }

    /**
     * A writer killed between committing batches and writing their effects leaves them in iron_journal_unapplied. The
     * next journal on the database writes those effects before anything else, exactly once.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void batchesLeftUnappliedByAKilledWriterAreAppliedOnceAtTheNextStart(Dialect dialect) throws Exception {
        StoreFixture fx = FIXTURES.of(dialect);
        long agent = fx.agent(10_000);
        String lease = new SqlBank(fx.db()).grant(agent, 5_000, NOW, 0, false).leaseId();
        // What a killed writer leaves: two committed batches, their effects not written.
        Transactions.inTransaction(fx.db(), c -> {
            JournalStatements st = new JournalStatements.PerBatch(c);
            try {
                JournalRows.insertBatch(st, List.of(rec(agent, lease, Kind.RESERVE, 1, null, 300, 0),
                        rec(agent, lease, Kind.RESERVE, 2, null, 400, 0)), false);
                JournalRows.insertBatch(st, List.of(rec(agent, lease, Kind.SETTLE, 2, null, 350, 0),
                        rec(agent, lease, Kind.REPORT, 0, "req-1", 1_000, 0)), false);
            } finally {
                st.batchDone();
            }
            return null;
        });
        assertEquals(2, fx.number("SELECT count(*) FROM iron_journal_unapplied"));
        assertEquals(0, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease));

        new GroupCommitJournal(fx.db()).close();
        assertEquals(List.of("1|300"), fx.lines("SELECT reservation_id, amount_micros FROM iron_open_reservations"
                + " WHERE lease_id = ?", lease));
        assertEquals(1_350, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease));
        assertEquals(0, fx.number("SELECT count(*) FROM iron_journal_unapplied"));

        new GroupCommitJournal(fx.db()).close();
        assertEquals(1_350, fx.number("SELECT budget_spent FROM budget_leases WHERE id = ?", lease), "applied once");
        assertEquals(List.of("reserve|1|300", "reserve|2|400", "settle|2|350", "report||1000"), fx.lines(
                "SELECT kind, reservation_id, amount_micros FROM iron_journal WHERE lease_id = ? ORDER BY seq", lease));
    }

    /** Records survive the batch's JSON whatever their ids hold; a negative amount is refused before any SQL. */
    @Test
    void aBatchDecodesToTheRecordsItWasEncodedFrom() {
        List<JournalRecord> records = List.of(
                new JournalRecord(Long.MAX_VALUE, "lease_\"quoted\"\\back\u0001\u00e9\u20ac", Kind.REPORT, 0,
                        "req\n\t\"x\"", Long.MAX_VALUE, 0, NOW),
                new JournalRecord(1, "lease_a", Kind.RESERVE, Long.MAX_VALUE, null, 0, 0, 0),
                new JournalRecord(2, "lease_a", Kind.SETTLE, 9_007_199_254_740_993L, null, 7, 3, NOW + 1));
        assertEquals(records, JournalRows.decode(JournalRows.encode(records)));
        assertEquals(List.of(), JournalRows.decode(JournalRows.encode(List.of())));
        assertThrows(IllegalArgumentException.class, () -> JournalRows.encode(
                List.of(new JournalRecord(1, "lease_a", Kind.SETTLE, 1, null, 0, -1, NOW))));
        assertThrows(IllegalStateException.class, () -> JournalRows.decode("[[\"lease_a\",1]]"));
    }

    /** Waits until the writer has taken everything queued and is stuck in its write (waiting for the connection). */
    private static void awaitQueued(GroupCommitJournal journal, int n) throws InterruptedException {
        while (journal.queued() != n || (journal.writerState() != Thread.State.WAITING
                && journal.writerState() != Thread.State.TIMED_WAITING)) {
            Thread.sleep(1);
        }
    }

    private static void awaitParked(Thread t) throws InterruptedException {
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(1);
        }
    }
}
