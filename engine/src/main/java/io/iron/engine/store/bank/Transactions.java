package io.iron.engine.store.bank;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.iron.engine.store.db.Database;

/**
 * Runs work as one transaction on {@link Database#writer()} (SQLite: the one write connection, IMMEDIATE; PostgreSQL:
 * a pooled connection). Commits on success; rolls back on any failure. SQL failures come out as the database's
 * operator-facing {@link io.iron.engine.store.db.DatabaseException} (locked, disk full, ...); any other exception
 * (unknown agent, a broken invariant) comes out unchanged, after the rollback.
 */
public final class Transactions {

    /** Work inside a transaction; the connection must not be committed, rolled back or closed by it. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Transactions() {
    }

    public static <T> T inTransaction(Database db, Work<T> work) {
        try (Connection c = db.writer().getConnection()) {
            return inTransaction(c, work);
            // HikariCP restores auto-commit when the connection goes back to the pool.
        } catch (SQLException e) {
            throw db.translate(e);
        }
    }

    /**
     * Runs work as one transaction on a connection the caller holds (and set up, e.g. with a PRAGMA): commits on
     * success, rolls back on any failure. Leaves auto-commit on after a commit, off after a failure of the work.
     */
    public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        T result;
        try {
            result = work.run(c);
        } catch (SQLException | RuntimeException | Error e) {
            rollbackQuietly(c, e);
            throw e;
        }
        commit(c);
        return result;
    }

    /**
     * Commits by turning auto-commit back on, which commits the transaction (JDBC). sqlite-jdbc's {@code commit()}
     * also begins the next transaction at once (BEGIN IMMEDIATE: the write lock) for the pool to end with one more
     * COMMIT: two statements more per transaction (one-record journal batches: CPU per pair 210 -> 173 us).
     */
    private static void commit(Connection c) throws SQLException {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // Not committed. sqlite-jdbc counts the connection in auto-commit already, with the transaction still open
            // when SQLite kept it (a deferred foreign-key violation does): end it so the connection is clean.
            try {
                if (c.getAutoCommit()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("ROLLBACK");
                    }
                } else {
                    c.rollback();
                }
            } catch (SQLException end) {
                if (!String.valueOf(end.getMessage()).contains("no transaction is active")) {
                    e.addSuppressed(end);
                }
            }
            throw e;
        }
    }

    /** A read on {@link Database#reader()} (no transaction needed for one statement). */
    public static <T> T read(Database db, Work<T> work) {
        try (Connection c = db.reader().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw db.translate(e);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException rollback) {
            cause.addSuppressed(rollback);
        }
    }
}
