package io.iron.engine.store.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Moves SQLite's write-ahead log into the database file on its own thread and connection, so that no commit pays for
 * it. The write connections have automatic checkpoints off; every {@code intervalMillis} this runs a PASSIVE
 * checkpoint, which copies what it can without waiting for readers or the writer (who go on meanwhile) and fsyncs the
 * database file. Once a checkpoint has copied the whole log, the writer's next transaction starts the log over.
 * <p>Measured (README, proxy load at 1,000 req/s, SQLite NORMAL): with checkpoints inside commits the added p99 was
 * ~21 ms; with them beside the writer it fell to ~7 ms, and closed-loop throughput rose by a third.
 */
final class WalCheckpointer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WalCheckpointer.class.getName());

    private final DataSource source;
    private final String location;
    private final long intervalMillis;
    private final Thread thread;
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong pagesCopied = new AtomicLong();
    private volatile boolean closed;
    private volatile long walPagesLeft;

    WalCheckpointer(DataSource source, String location, long intervalMillis) {
        this.source = source;
        this.location = location;
        this.intervalMillis = intervalMillis;
        // A platform thread: it spends its time in native SQLite calls and fsync.
        this.thread = Thread.ofPlatform().name("iron-sqlite-checkpoint").daemon(true).unstarted(this::run);
        thread.start();
    }

    /** Checkpoints run so far that copied at least one page. */
    long checkpoints() {
        return checkpoints.get();
    }

    /** WAL pages not yet in the database file after the last checkpoint (readers can hold some back). */
    long walPagesLeft() {
        return walPagesLeft;
    }

    /** Runs one PASSIVE checkpoint now, on the caller's thread with its own connection; for tests and shutdown. */
    void checkpointNow() throws SQLException {
        try (Connection c = source.getConnection()) {
            checkpoint(c);
        }
    }

    private void run() {
        Connection c = null;
        long failures = 0;
        while (!closed) {
            try {
                TimeUnit.MILLISECONDS.sleep(intervalMillis);
            } catch (InterruptedException e) {
                break;
            }
            try {
                if (c == null) {
                    c = source.getConnection();
                }
                checkpoint(c);
                failures = 0;
            } catch (SQLException | RuntimeException e) {
                // Never fatal: the writer goes on, the log only grows until a later checkpoint succeeds.
                if (failures++ % 100 == 0) {
                    LOG.log(System.Logger.Level.WARNING, "SQLite " + location + ": WAL checkpoint failed ("
                            + failures + " in a row); the write-ahead log grows until one succeeds", e);
                }
                closeQuietly(c);
                c = null;
            }
        }
        closeQuietly(c);
    }

    private void checkpoint(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (rs.next()) {
                long log = rs.getLong(2);
                long copied = rs.getLong(3);
                if (log > 0 && copied > 0) {
                    checkpoints.incrementAndGet();
                    pagesCopied.addAndGet(copied);
                }
                walPagesLeft = Math.max(0, log - copied);
            }
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
