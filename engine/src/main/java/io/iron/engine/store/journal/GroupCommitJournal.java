package io.iron.engine.store.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
 * <p>Measured: {@code io.iron.perf.store.DurableReport} (see the README for the last figures and the command).
 */
public final class GroupCommitJournal implements Journal {

    private static final System.Logger LOG = System.getLogger(GroupCommitJournal.class.getName());

    record Pending(List<JournalRecord> records, CompletableFuture<Void> future) { }

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

    public GroupCommitJournal(Database db) {
        this(db, JournalOptions.defaults());
    }

    public GroupCommitJournal(Database db, JournalOptions options) {
        this.db = db;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
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
        Pending p = new Pending(batch, new CompletableFuture<>());
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

    /** Transactions committed so far. */
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
                Pending first = queue.poll(20, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        break;
                    }
                    continue;
                }
                batch.add(first);
                flat.addAll(first.records());
                Pending next;
                while (flat.size() < options.maxBatchRecords() && (next = queue.poll()) != null) {
                    batch.add(next);
                    flat.addAll(next.records());
                }
                write(batch, flat);
                batch.clear();
                flat.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
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

    private void write(List<Pending> batch, List<JournalRecord> flat) {
        List<Pending> written = List.copyOf(batch);
        try {
            if (syncer == null) {
                Transactions.inTransaction(db, c -> {
                    JournalRows.write(c, flat, statements);
                    return null;
                });
            } else {
                commitWithoutSync(flat);
            }
        } catch (RuntimeException | Error e) {
            failed(written, flat.size(), e);
            return;
        }
        if (syncer == null) {
            succeeded(written, flat.size());
        } else {
            syncer.committed(written, flat.size());
        }
    }

    /** One transaction with {@code synchronous=NORMAL}; the connection goes back to the pool with FULL again. */
    private void commitWithoutSync(List<JournalRecord> flat) {
        try (Connection c = db.writer().getConnection()) {
            synchronous(c, "NORMAL");
            try {
                Transactions.inTransaction(c, tx -> {
                    JournalRows.write(tx, flat, statements);
                    return null;
                });
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

    private static void synchronous(Connection c, String mode) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA synchronous = " + mode);
        }
    }

    private void succeeded(List<Pending> batch, int recordCount) {
        batches.incrementAndGet();
        records.addAndGet(recordCount);
        for (Pending p : batch) {
            p.future().complete(null);
        }
    }

    private void failed(List<Pending> batch, int recordCount, Throwable e) {
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
