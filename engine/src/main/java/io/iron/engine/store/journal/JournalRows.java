package io.iron.engine.store.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.iron.engine.journal.JournalRecord;

/**
 * Writes journal records inside the caller's transaction: the {@code iron_journal} rows; the reservations in flight
 * ({@code iron_open_reservations}: a 'reserve' adds one, its 'settle' or 'release' removes it, an 'expire' removes the
 * lease's); a {@code iron_lease_requests} row per usage report (its idempotency key); and one
 * {@code UPDATE budget_leases} per lease per call that adds the lease's charges to {@code budget_spent}, so that a
 * lease row always shows its durable spent.
 */
final class JournalRows {

    /** Rows per multi-row INSERT: one statement per 64 records costs far less than 64 statements. */
    static final int CHUNK = 64;
    private static final int COLUMNS = 8;
    private static final String INSERT_HEAD = "INSERT INTO iron_journal (lease_id, agent_id, kind, reservation_id,"
            + " request_id, amount_micros, overrun_micros, created_at) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ONE = INSERT_HEAD + ROW;
    private static final String INSERT_CHUNK = INSERT_HEAD + String.join(", ", java.util.Collections.nCopies(CHUNK, ROW));

    private JournalRows() {
    }

    /** The kinds that charge a lease; their amount adds to {@code budget_spent}. */
    static boolean charges(JournalRecord.Kind kind) {
        return switch (kind) {
            case SETTLE, REPORT, CLOSE, EXPIRE, RECLAIM -> true;
            case OPEN, RESERVE, RELEASE -> false;
        };
    }

    /** Writes with statements prepared for this batch (closed before it returns). */
    static void write(Connection c, List<JournalRecord> records) throws SQLException {
        write(c, records, null);
    }

    /** Writes with the writer's cached statements when {@code c} is SQLite and a cache is given. */
    static void write(Connection c, List<JournalRecord> records, JournalStatements.Cache cache) throws SQLException {
        JournalStatements st = JournalStatements.forBatch(c, cache);
        try {
            write(st, records);
        } finally {
            st.batchDone();
        }
    }

    private static void write(JournalStatements statements, List<JournalRecord> records) throws SQLException {
        insertJournal(statements, records);
        trackOpenReservations(statements, records);
        insertReports(statements, records);
        addSpent(statements, records);
    }

    /** Opened first, then closed, then lapsed: a reservation opened and closed in one call leaves nothing behind. */
    private static void trackOpenReservations(JournalStatements statements, List<JournalRecord> records)
            throws SQLException {
        PreparedStatement open = null;
        PreparedStatement close = null;
        boolean lapsed = false;
        for (JournalRecord r : records) {
            switch (r.kind()) {
                case RESERVE -> {
                    if (open == null) {
                        open = statements.get("INSERT INTO iron_open_reservations (lease_id, reservation_id, agent_id,"
                                + " amount_micros, created_at) VALUES (?, ?, ?, ?, ?)");
                    }
                    open.setString(1, r.leaseId());
                    open.setString(2, Long.toString(r.reservationId()));
                    open.setLong(3, r.agentId());
                    open.setLong(4, r.amountMicros());
                    open.setLong(5, r.atMillis());
                    open.addBatch();
                }
                case SETTLE, RELEASE -> {
                    if (close == null) {
                        close = statements.get("DELETE FROM iron_open_reservations WHERE lease_id = ? AND reservation_id = ?");
                    }
                    close.setString(1, r.leaseId());
                    close.setString(2, Long.toString(r.reservationId()));
                    close.addBatch();
                }
                case EXPIRE -> lapsed = true;
                default -> { }
            }
        }
        if (open != null) {
            open.executeBatch();
        }
        if (close != null) {
            close.executeBatch();
        }
        if (lapsed) {
            PreparedStatement lapse = statements.get("DELETE FROM iron_open_reservations WHERE lease_id = ?");
            for (JournalRecord r : records) {
                if (r.kind() == JournalRecord.Kind.EXPIRE) {
                    lapse.setString(1, r.leaseId());
                    lapse.addBatch();
                }
            }
            lapse.executeBatch();
        }
    }

    private static void insertJournal(JournalStatements statements, List<JournalRecord> records) throws SQLException {
        int n = records.size();
        int i = 0;
        if (n >= CHUNK) {
            PreparedStatement chunk = statements.get(INSERT_CHUNK);
            for (; i + CHUNK <= n; i += CHUNK) {
                for (int j = 0; j < CHUNK; j++) {
                    bind(chunk, j * COLUMNS, records.get(i + j));
                }
                chunk.executeUpdate();
            }
        }
        if (i < n) {
            PreparedStatement one = statements.get(INSERT_ONE);
            for (; i < n; i++) {
                bind(one, 0, records.get(i));
                one.addBatch();
            }
            one.executeBatch();
        }
    }

    private static void bind(PreparedStatement s, int offset, JournalRecord r) throws SQLException {
        s.setString(offset + 1, r.leaseId());
        s.setLong(offset + 2, r.agentId());
        s.setString(offset + 3, r.kind().column());
        if (r.reservationId() != 0) {
            s.setString(offset + 4, Long.toString(r.reservationId())); // TEXT column: decimal text
        } else {
            s.setNull(offset + 4, Types.VARCHAR);
        }
        if (r.requestId() != null) {
            s.setString(offset + 5, r.requestId());
        } else {
            s.setNull(offset + 5, Types.VARCHAR);
        }
        s.setLong(offset + 6, r.amountMicros());
        s.setLong(offset + 7, r.overrunMicros());
        s.setLong(offset + 8, r.atMillis());
    }

    /** The idempotency key of each usage report; the body the HTTP layer answers a replay with. */
    private static void insertReports(JournalStatements statements, List<JournalRecord> records) throws SQLException {
        PreparedStatement s = null;
        for (JournalRecord r : records) {
            if (r.kind() != JournalRecord.Kind.REPORT || r.requestId() == null) {
                continue;
            }
            if (s == null) {
                s = statements.get("INSERT INTO iron_lease_requests (lease_id, request_id, cost_micros,"
                        + " response_json, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (lease_id, request_id) DO NOTHING");
            }
            s.setString(1, r.leaseId());
            s.setString(2, r.requestId());
            s.setLong(3, r.amountMicros());
            s.setString(4, "{\"cost_microdollars\":" + r.amountMicros() + "}");
            s.setLong(5, r.atMillis());
            s.addBatch();
        }
        if (s != null) {
            s.executeBatch();
        }
    }

    /** One UPDATE per lease charged in this call, whatever the number of its records. */
    private static void addSpent(JournalStatements statements, List<JournalRecord> records) throws SQLException {
        Map<String, long[]> byLease = new HashMap<>(); // leaseId -> {charged, last atMillis}
        for (JournalRecord r : records) {
            if (charges(r.kind()) && r.amountMicros() > 0) {
                long[] v = byLease.computeIfAbsent(r.leaseId(), k -> new long[2]);
                v[0] += r.amountMicros();
                v[1] = Math.max(v[1], r.atMillis());
            }
        }
        if (byLease.isEmpty()) {
            return;
        }
        PreparedStatement s = statements.get("UPDATE budget_leases SET budget_spent = budget_spent + ?, updated_at = ? WHERE id = ?");
        for (Map.Entry<String, long[]> e : byLease.entrySet()) {
            s.setLong(1, e.getValue()[0]);
            s.setLong(2, e.getValue()[1]);
            s.setString(3, e.getKey());
            s.addBatch();
        }
        s.executeBatch();
    }
}
