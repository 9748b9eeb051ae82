package io.iron.engine.store.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.iron.engine.journal.Journal;
import io.iron.engine.journal.JournalRecord;
import io.iron.engine.store.bank.Transactions;
import io.iron.engine.store.db.Database;
import io.iron.engine.store.db.Dialect;

/**
 * The durable journal: one writer thread drains a bounded queue of appends and writes everything queued in one
 * transaction (group commit: one commit, one fsync, for many actors' records), then completes the futures of that
 * batch. An actor answers its callers only after its future completed, so an acknowledged settlement is on disk.
 * <p>Backpressure: when {@link JournalOptions#queueCapacity()} appends wait, {@link #append} blocks until the writer
 * catches up. A failed commit fails every future of its batch (the actors then reload their ledgers from the store).
 * {@link #close()} writes what is queued, then stops.
 * <p>Pipelined fsync (SQLite with {@code synchronous=FULL}, the default): the writer commits each batch with
 * {@code synchronous=NORMAL} (the WAL frames reach the operating system, no fsync) and hands the batch to a second
 * thread, the syncer, which fsyncs the WAL file and only then completes the batch's futures. While the syncer waits
 * for the disk, the writer already writes the next batches; one fsync then covers every batch committed before it
 * started. The guarantee is FULL's: nothing is acknowledged before its WAL frames were fsynced, so an acknowledged
 * record survives power loss and OS crashes, not only a killed process. The writer restores {@code FULL} on the
 * connection after each batch, so the bank's own transactions still fsync inside their commit.
 * <p>What survives otherwise: in SQLite's WAL mode a commit has reached the operating system when it returns, so with
 * {@code synchronous=NORMAL} an acknowledged record survives the process being killed (kill -9) but the last commits
 * before a power loss can be lost. PostgreSQL: a commit is durable per the server's own settings
 * ({@code synchronous_commit=on} by default).
 * <p>Format (V4): one {@code iron_journal_batches} row per transaction, its records as one JSON array
 * ({@link JournalRows}). What the records change in {@code budget_leases.budget_spent} and
 * {@code iron_open_reservations} ({@link DerivedRows}) goes into each batch's transaction while batches are small;
 * once the writer is saturated (from a batch of {@link JournalOptions#deferDerivedFromRecords()} records or more
 * until the moving average of batch sizes falls under a quarter of that) it is
 * written with the first batch after {@link JournalOptions#derivedLagMillis()} has passed since it last was (in a
 * transaction of its own if no batch comes by then), and at once when an actor asks for it ({@link #applied()},
 * before a bank operation or a ledger load); in between it gathers in memory, where a reservation opened and settled
 * costs nothing. A batch whose effects are not written yet is listed in {@code iron_journal_unapplied}; on start, the journal applies those first ({@link DerivedRows#applyUnapplied}), so a
 * crash in between loses nothing. PostgreSQL applies them in every batch (several nodes may share it).
 * <p>Measured: {@code io.iron.perf.store.DurableReport} (see the README for the last figures and the command).
 */
public final class GroupCommitJournal implements Journal {

    private static final System.Logger LOG = System.getLogger(GroupCommitJournal.class.getName());

    /** {@code applyDerived}: the batch that takes it brings the derived tables up to date ({@link #applied()}). */
    record Pending(List<JournalRecord> records, CompletableFuture<Void> future, boolean applyDerived) { }

    private final Database db;
    private final JournalOptions options;
    private final ArrayBlockingQueue<Pending> queue;
    private final Thread writer;
    /** Pipelined fsync: batches committed without fsync, waiting for the syncer; null when commits sync themselves. */
    private final WalSyncer syncer;
    /** The writer thread's statements, prepared once on SQLite's write connection (touched by the writer only). */
    private final JournalStatements.Cache statements = new JournalStatements.Cache();
    private volatile boolean closed;
    private volatile boolean writerDone;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong derivedWrites = new AtomicLong();
    /** Effects of committed batches not yet in the derived tables (the writer thread's alone). */
    private DerivedRows derived = new DerivedRows();
    /** Gathered effects that make the writer write them whatever the lag (bounds its memory and that transaction). */
    static final int MAX_DERIVED_ENTRIES = 65_536;
    /** After a failed write of effects alone, the idle writer tries again this much later (not at once). */
    private static final long IDLE_RETRY_NANOS = 1_000_000_000L;
    private volatile long idleRetryAtNanos = System.nanoTime();
    /** 0: every batch writes its effects. */
    private final long derivedLagNanos;
    private long derivedWrittenNanos = System.nanoTime();
    /** The writer's alone: batches have been big (see run()); only then may effects wait. */
    private boolean saturated;
    /** Records per batch: while saturated, a moving average over about the last 8 batches; otherwise the last. */
    private double batchSizeAverage;

    public GroupCommitJournal(Database db) {
        this(db, JournalOptions.defaults());
    }

    public GroupCommitJournal(Database db, JournalOptions options) {
        this.db = db;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.derivedLagNanos = db.dialect() == Dialect.SQLITE ? options.derivedLagMillis() * 1_000_000L : 0;
        int recovered = Transactions.inTransaction(db, DerivedRows::applyUnapplied);
        if (recovered > 0) {
            LOG.log(System.Logger.Level.WARNING, "journal of " + db.location() + ": applied " + recovered
                    + " committed batches whose effects on budget_spent and open reservations a stop cut off");
        }
        this.syncer = db.sqliteWalToSync().map(wal -> new WalSyncer(wal, this::succeeded, this::failed)).orElse(null);
        // A platform thread: it spends its life in JDBC and native SQLite calls, which would pin a virtual thread.
        this.writer = Thread.ofPlatform().name("iron-journal-writer").daemon(true).unstarted(this::run);
        writer.start();
    }

    /** Queues the records; blocks while the queue is full. The future completes when they are committed. */
    @Override
    public CompletableFuture<Void> append(List<JournalRecord> batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return enqueue(new Pending(batch, new CompletableFuture<>(), false));
    }

    /** Completes once what was appended before is committed and written to the derived tables too. */
    @Override
    public CompletableFuture<Void> applied() {
        return enqueue(new Pending(List.of(), new CompletableFuture<>(), true));
    }

    private CompletableFuture<Void> enqueue(Pending p) {
        try {
            while (!queue.offer(p, 50, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    return CompletableFuture.failedFuture(closedError());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new IllegalStateException("interrupted while waiting for journal space", e));
        }
        if (writerDone && queue.remove(p)) {
            // Raced with close(): the writer has stopped and will not take it.
            p.future().completeExceptionally(closedError());
        }
        return p.future();
    }

    /** Writes everything queued, then stops the writer. Appends after this fail. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Batches of records committed so far, one transaction each. */
    public long batches() {
        return batches.get();
    }

    /** Records committed so far. */
    public long records() {
        return records.get();
    }

    /** fsyncs of the WAL made by the pipelined commit (0 when each commit syncs itself). */
    public long fsyncs() {
        return syncer == null ? 0 : syncer.fsyncs();
    }

    public long failedBatches() {
        return failedBatches.get();
    }

    /** Transactions that brought budget_spent and the open reservations up to date. */
    public long derivedWrites() {
        return derivedWrites.get();
    }

    /** Appends waiting for the writer. */
    int queued() {
        return queue.size();
    }

    /** For tests: the writer thread's state (WAITING or TIMED_WAITING with an empty queue = stuck in a write). */
    Thread.State writerState() {
        return writer.getState();
    }

    public JournalOptions options() {
        return options;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        List<JournalRecord> flat = new ArrayList<>();
        try {
            while (true) {
                // With effects gathered, wait no longer than their lag allows: a writer that gets no append by then
                // writes them in a transaction of their own; otherwise they go with a batch of records.
                Pending first = derived.isEmpty() ? queue.poll(20, TimeUnit.MILLISECONDS)
                        : queue.poll(untilDerivedDueNanos(), TimeUnit.NANOSECONDS);
                if (first == null) {
                    if (!derived.isEmpty() && System.nanoTime() - idleRetryAtNanos >= 0) {
                        write(List.of(), List.of(), true);
                    } else if (closed) {
                        break;
                    }
                    continue;
                }
                batch.add(first);
                flat.addAll(first.records());
                boolean asked = first.applyDerived();
                Pending next;
                while (flat.size() < options.maxBatchRecords() && (next = queue.poll()) != null) {
                    batch.add(next);
                    flat.addAll(next.records());
                    asked |= next.applyDerived();
                }
                // Saturated from a batch of deferDerivedFromRecords records on, until the batches' moving average
                // falls under a quarter of that. Batch sizes swing under load (a batch that wrote everything gathered
                // is followed by a big one, a big one by a few stragglers); leaving on one small batch made 2 in 5
                // batches write everything gathered (DurableReport's "[group commit: ...]" line: 5,309 of 13,059).
                batchSizeAverage = saturated ? batchSizeAverage + (flat.size() - batchSizeAverage) / 8 : flat.size();
                if (flat.size() >= options.deferDerivedFromRecords()) {
                    saturated = true;
                } else if (batchSizeAverage < Math.max(1, options.deferDerivedFromRecords() / 4)) {
                    saturated = false;
                }
                boolean applyNow = asked || derivedLagNanos == 0 || !saturated
                        || System.nanoTime() - derivedWrittenNanos >= derivedLagNanos
                        || derived.size() >= MAX_DERIVED_ENTRIES;
                write(batch, flat, applyNow);
                batch.clear();
                flat.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!derived.isEmpty()) {
                write(List.of(), List.of(), true); // a clean stop leaves the derived tables exact
            }
            statements.clear();
            if (syncer != null) {
                syncer.finish();
            }
            writerDone = true;
            Pending left;
            while ((left = queue.poll()) != null) {
                left.future().completeExceptionally(closedError());
            }
        }
    }

    /** How long until gathered effects are due: their lag, or a failed write's retry time if that is later. */
    private long untilDerivedDueNanos() {
        long now = System.nanoTime();
        return Math.max(0, Math.max(derivedLagNanos - (now - derivedWrittenNanos), idleRetryAtNanos - now));
    }

    private void write(List<Pending> batch, List<JournalRecord> flat, boolean applyNow) {
        List<Pending> written = List.copyOf(batch);
        if (flat.isEmpty() && derived.isEmpty()) {
            // Only barriers (applied()) and nothing to write for them: no transaction.
            if (applyNow) {
                derivedWrittenNanos = System.nanoTime();
            }
            if (syncer == null) {
                succeeded(written, 0);
            } else {
                syncer.committed(written, 0); // answered in order, after what was committed before
            }
            return;
        }
        long seq;
        try {
            if (syncer == null) {
                seq = Transactions.inTransaction(db, c -> writeRows(c, flat, applyNow));
            } else {
                seq = commitWithoutSync(flat, applyNow);
            }
        } catch (RuntimeException | Error e) {
            // Nothing of this transaction was written: what was gathered before stays gathered, this batch's
            // records were not committed and have no effects to gather.
            failed(written, flat.size(), e);
            return;
        }
        if (applyNow) {
            derived = new DerivedRows();
            derivedWrittenNanos = System.nanoTime();
            derivedWrites.incrementAndGet();
        } else {
            derived.add(flat, seq);
        }
        if (syncer == null) {
            succeeded(written, flat.size());
        } else {
            syncer.committed(written, flat.size());
        }
    }

    /**
     * The batch row and, when {@code applyNow}, the gathered effects then the batch's own, in the caller's
     * transaction. Returns the batch row's seq (0: no records).
     */
    private long writeRows(Connection c, List<JournalRecord> flat, boolean applyNow) throws SQLException {
        JournalStatements st = JournalStatements.forBatch(c, statements);
        try {
            long seq = JournalRows.insertBatch(st, flat, applyNow);
            JournalRows.insertReports(st, flat);
            if (applyNow) {
                derived.apply(st);
                DerivedRows own = new DerivedRows();
                own.add(flat, 0);
                own.apply(st);
            }
            return seq;
        } finally {
            st.batchDone();
        }
    }

    /** One transaction with {@code synchronous=NORMAL}; the connection goes back to the pool with FULL again. */
    private long commitWithoutSync(List<JournalRecord> flat, boolean applyNow) {
        try (Connection c = db.writer().getConnection()) {
            synchronous(c, "NORMAL");
            try {
                return Transactions.inTransaction(c, tx -> writeRows(tx, flat, applyNow));
            } finally {
                restoreFull(c);
            }
        } catch (SQLException e) {
            throw db.translate(e);
        }
    }

    /** Back to FULL for the bank's transactions; a connection that cannot be restored is never handed out again. */
    private void restoreFull(Connection c) {
        try {
            c.setAutoCommit(true);
            synchronous(c, "FULL");
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "journal: could not set the write connection back to synchronous=FULL;"
                    + " closing it (the pool opens a fresh one)", e);
            db.evictWriterConnection(c);
        }
    }

    /** Sets the connection's synchronous mode with a statement kept prepared beside the journal's own. */
    private void synchronous(Connection c, String mode) throws SQLException {
        JournalStatements st = JournalStatements.forBatch(c, statements);
        try {
            st.get("PRAGMA synchronous = " + mode).execute();
        } finally {
            st.batchDone();
        }
    }

    private void succeeded(List<Pending> batch, int recordCount) {
        if (recordCount > 0) {
            batches.incrementAndGet();
        }
        records.addAndGet(recordCount);
        for (Pending p : batch) {
            p.future().complete(null);
        }
    }

    private void failed(List<Pending> batch, int recordCount, Throwable e) {
        if (batch.isEmpty() && recordCount == 0) {
            // The effects alone, written by an idle writer. A failed transaction leaves them gathered, to be written
            // with the next batch or by the idle writer a second from now; a failed fsync (on the fsync thread) left
            // them committed but maybe not on disk, as every later commit will be until the log can be synced.
            idleRetryAtNanos = System.nanoTime() + IDLE_RETRY_NANOS;
            LOG.log(System.Logger.Level.ERROR, "journal: writing budget_spent and the open reservations failed; trying"
                    + " again with the next batch or in a second", e);
            return;
        }
        failedBatches.incrementAndGet();
        LOG.log(System.Logger.Level.ERROR, "journal: a batch of " + recordCount + " records from " + batch.size()
                + " appends failed to commit; their actors will reload from the store", e);
        for (Pending p : batch) {
            p.future().completeExceptionally(e);
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("the journal of " + db.location() + " is closed");
    }
}
