package io.iron.engine.store.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.iron.engine.journal.JournalRecord;

/**
 * Writes journal records inside the caller's transaction: one {@code iron_journal_batches} row per call, holding the
 * records as one JSON array (V4), and a {@code iron_lease_requests} row per usage report (its idempotency key, needed
 * at once). What the records change in {@code budget_leases.budget_spent} and {@code iron_open_reservations} is
 * {@link DerivedRows}' business: the journal writer may apply it a moment later, {@link #write(Connection, List)}
 * applies it at once.
 */
final class JournalRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The batch row, numbered after the last record of the journal: the previous batch's, or (the first batch after
     * V4) the last row of {@code iron_journal_rows}. Both lookups read one end of a primary key.
     */
    private static final String INSERT_BATCH = "INSERT INTO iron_journal_batches (first_seq, record_count, records,"
            + " created_at) VALUES (COALESCE((SELECT first_seq + record_count FROM iron_journal_batches"
            + " ORDER BY seq DESC LIMIT 1), (SELECT COALESCE(MAX(seq), 0) + 1 FROM iron_journal_rows)), ?, ?, ?)"
            + " RETURNING seq";

    private JournalRows() {
    }

    /** The kinds that charge a lease; their amount adds to {@code budget_spent}. */
    static boolean charges(JournalRecord.Kind kind) {
        return switch (kind) {
            case SETTLE, REPORT, CLOSE, EXPIRE, RECLAIM -> true;
            case OPEN, RESERVE, RELEASE -> false;
        };
    }

    /** Writes the records and applies their effects on the derived tables, all in the caller's transaction. */
    static void write(Connection c, List<JournalRecord> records) throws SQLException {
        JournalStatements st = new JournalStatements.PerBatch(c);
        try {
            insertBatch(st, records, true);
            insertReports(st, records);
            DerivedRows derived = new DerivedRows();
            derived.add(records, 0);
            derived.apply(st);
        } finally {
            st.batchDone();
        }
    }

    /**
     * Inserts one batch row (nothing when {@code records} is empty) and returns its {@code seq} (0 when nothing was
     * written). {@code applied}: the caller applies the records' derived effects in this same transaction; otherwise
     * the batch is listed in {@code iron_journal_unapplied} until {@link DerivedRows#apply} takes it off.
     */
    static long insertBatch(JournalStatements st, List<JournalRecord> records, boolean applied) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        PreparedStatement s = st.get(INSERT_BATCH);
        s.setInt(1, records.size());
        s.setString(2, encode(records));
        s.setLong(3, records.get(records.size() - 1).atMillis());
        long seq;
        try (ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("INSERT INTO iron_journal_batches returned no seq");
            }
            seq = rs.getLong(1);
        }
        if (!applied) {
            PreparedStatement u = st.get("INSERT INTO iron_journal_unapplied (seq) VALUES (?)");
            u.setLong(1, seq);
            u.executeUpdate();
        }
        return seq;
    }

    /** The idempotency key of each usage report; the body the HTTP layer answers a replay with. */
    static void insertReports(JournalStatements statements, List<JournalRecord> records) throws SQLException {
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

    /**
     * The records as a JSON array of arrays: {@code [lease_id, agent_id, kind, reservation_id (0: none), request_id
     * (null: none), amount_micros, overrun_micros, created_at]}. Written by hand: it runs on every commit, and the
     * shape is fixed.
     */
    static String encode(List<JournalRecord> records) {
        StringBuilder sb = new StringBuilder(records.size() * 96).append('[');
        for (int i = 0; i < records.size(); i++) {
            JournalRecord r = records.get(i);
            if (r.amountMicros() < 0 || r.overrunMicros() < 0) {
                // Before V4 a CHECK on iron_journal refused these; the batch's JSON cannot, so the writer does.
                throw new IllegalArgumentException("a journal record with a negative amount: " + r);
            }
            if (i > 0) {
                sb.append(',');
            }
            sb.append('[');
            string(sb, r.leaseId());
            sb.append(',').append(r.agentId()).append(",\"").append(r.kind().column()).append("\",")
                    .append(r.reservationId()).append(',');
            if (r.requestId() == null) {
                sb.append("null");
            } else {
                string(sb, r.requestId());
            }
            sb.append(',').append(r.amountMicros()).append(',').append(r.overrunMicros()).append(',')
                    .append(r.atMillis()).append(']');
        }
        return sb.append(']').toString();
    }

    /** The records of one batch row, as {@link #encode} wrote them. */
    static List<JournalRecord> decode(String json) {
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a journal batch is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (array == null || !array.isArray()) {
            throw new IllegalStateException("a journal batch is not a JSON array");
        }
        List<JournalRecord> out = new ArrayList<>(array.size());
        for (JsonNode r : array) {
            if (!r.isArray() || r.size() != 8) {
                throw new IllegalStateException("a journal record is not an array of 8 values: " + r);
            }
            out.add(new JournalRecord(r.get(1).asLong(), r.get(0).asText(),
                    JournalRecord.Kind.fromColumn(r.get(2).asText()), r.get(3).asLong(),
                    r.get(4).isNull() ? null : r.get(4).asText(), r.get(5).asLong(), r.get(6).asLong(),
                    r.get(7).asLong()));
        }
        return out;
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        if (plain(s)) {
            // Ids are plain ASCII: one bulk copy instead of a char-by-char append (the writer's top Java frame in JFR).
            sb.append(s);
        } else {
            escaped(sb, s);
        }
        sb.append('"');
    }

    /** True when {@code s} has nothing JSON must escape. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch == '"' || ch == '\\') {
                return false;
            }
        }
        return true;
    }

    private static void escaped(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
    }
}
