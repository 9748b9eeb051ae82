package io.iron.engine.store.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.sqlite.SQLiteConnection;

/**
 * Where {@link JournalRows} gets its statements. SQLite's one write connection lives for a long time and the journal
 * writer is its only user of these statements, so they are prepared once on the physical connection and reused for
 * every batch: preparing the journal's statements costs ~0.15 ms, which at small batches was most of a record's cost.
 * Other connections (PostgreSQL's pool, whose driver caches server-side statements itself) prepare per batch.
 */
abstract sealed class JournalStatements {

    /** A statement for {@code sql} on the batch's connection; the caller must not close it. */
    abstract PreparedStatement get(String sql) throws SQLException;

    /** Called once the batch is over (committed or not). */
    abstract void batchDone();

    /** For the writer of {@code c}: cached when {@code c} is SQLite, per batch otherwise. */
    static JournalStatements forBatch(Connection c, Cache cache) throws SQLException {
        if (cache != null && c.isWrapperFor(SQLiteConnection.class)) {
            return cache.on(c.unwrap(SQLiteConnection.class));
        }
        return new PerBatch(c);
    }

    /** Prepared for one batch, closed after it. */
    static final class PerBatch extends JournalStatements {
        private final Connection c;
        private final List<PreparedStatement> open = new ArrayList<>();

        PerBatch(Connection c) {
            this.c = c;
        }

        @Override
        PreparedStatement get(String sql) throws SQLException {
            PreparedStatement s = c.prepareStatement(sql);
            open.add(s);
            return s;
        }

        @Override
        void batchDone() {
            for (PreparedStatement s : open) {
                try {
                    s.close();
                } catch (SQLException ignored) {
                    // the connection is going back to the pool (or away) anyway
                }
            }
            open.clear();
        }
    }

    /**
     * Statements kept on one physical SQLite connection. When the pool hands the writer another physical connection
     * (the old one retired or was evicted), the old statements are dropped and new ones prepared.
     */
    static final class Cache extends JournalStatements {
        private SQLiteConnection physical;
        private final Map<String, PreparedStatement> statements = new HashMap<>();
        /** Handed out since the last {@link #batchDone()}: only these can hold rows added and not executed. */
        private final List<PreparedStatement> used = new ArrayList<>();

        Cache on(SQLiteConnection connection) {
            if (connection != physical) {
                clear();
                physical = connection;
            }
            return this;
        }

        @Override
        PreparedStatement get(String sql) throws SQLException {
            PreparedStatement s = statements.get(sql);
            if (s == null || s.isClosed()) {
                s = physical.prepareStatement(sql);
                statements.put(sql, s);
            }
            used.add(s);
            return s;
        }

        @Override
        void batchDone() {
            try {
                for (PreparedStatement s : used) {
                    s.clearBatch(); // a failed batch may have left rows added and not executed
                }
            } catch (SQLException e) {
                clear(); // unusable: prepare afresh next time
            } finally {
                used.clear();
            }
        }

        /** Closes every cached statement (the writer stops, or its connection changed). */
        void clear() {
            for (PreparedStatement s : statements.values()) {
                try {
                    s.close();
                } catch (SQLException ignored) {
                    // its connection may be closed already, which closed it too
                }
            }
            statements.clear();
            used.clear();
            physical = null;
        }
    }
}
