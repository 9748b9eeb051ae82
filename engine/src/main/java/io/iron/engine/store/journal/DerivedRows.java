package io.iron.engine.store.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.iron.engine.journal.JournalRecord;

/**
 * What journal records change outside the journal, gathered over one or more batches and written in one go:
 * <ul>
 *   <li>{@code budget_leases.budget_spent} (and {@code updated_at}): one UPDATE per lease, whatever the number of its
 *       charges;</li>
 *   <li>{@code iron_open_reservations}: a 'reserve' adds a row, its 'settle' or 'release' removes it, an 'expire'
 *       removes the lease's rows. A reservation opened and closed within what is gathered never touches the table;
 *       under load, that is nearly all of them.</li>
 *   <li>{@code iron_journal_unapplied}: the batches whose effects this writes leave it.</li>
 * </ul>
 * Order within the gathered records is kept where it matters: a 'settle' cancels its own 'reserve' if that is still
 * here, and otherwise deletes the row a previous write left. Not thread-safe: the journal writer owns its instance.
 */
final class DerivedRows {

    private record OpenKey(String leaseId, long reservationId) { }

    /** leaseId → {charged µ$, latest atMillis}. */
    private final Map<String, long[]> spent = new LinkedHashMap<>();
    /** Reserves not yet in the table. */
    private final Map<OpenKey, JournalRecord> opened = new LinkedHashMap<>();
    /** Settles and releases of reservations the table may hold. */
    private final Set<OpenKey> closed = new HashSet<>();
    /** Leases that lapsed: their rows in the table go. */
    private final Set<String> expired = new HashSet<>();
    /** Batch rows whose effects these are and that {@code iron_journal_unapplied} lists. */
    private final List<Long> batchSeqs = new ArrayList<>();

    boolean isEmpty() {
        return spent.isEmpty() && opened.isEmpty() && closed.isEmpty() && expired.isEmpty() && batchSeqs.isEmpty();
    }

    /** Entries gathered: a bound on the work {@link #apply} will do. */
    int size() {
        return spent.size() + opened.size() + closed.size() + expired.size() + batchSeqs.size();
    }

    /** Gathers the effects of one batch's records, in their order; {@code batchSeq} 0: its row is marked already. */
    void add(List<JournalRecord> records, long batchSeq) {
        for (JournalRecord r : records) {
            switch (r.kind()) {
                case RESERVE -> opened.put(new OpenKey(r.leaseId(), r.reservationId()), r);
                case SETTLE, RELEASE -> {
                    OpenKey k = new OpenKey(r.leaseId(), r.reservationId());
                    if (opened.remove(k) == null) {
                        closed.add(k);
                    }
                }
                case EXPIRE -> {
                    expired.add(r.leaseId());
                    opened.keySet().removeIf(k -> k.leaseId().equals(r.leaseId()));
                }
                default -> { }
            }
            if (JournalRows.charges(r.kind()) && r.amountMicros() > 0) {
                long[] v = spent.computeIfAbsent(r.leaseId(), k -> new long[2]);
                v[0] = Math.addExact(v[0], r.amountMicros());
                v[1] = Math.max(v[1], r.atMillis());
            }
        }
        if (batchSeq > 0) {
            batchSeqs.add(batchSeq);
        }
    }

    /** Writes everything gathered in the caller's transaction. The caller drops this instance once it committed. */
    void apply(JournalStatements st) throws SQLException {
        if (!closed.isEmpty()) {
            PreparedStatement s = st.get("DELETE FROM iron_open_reservations WHERE lease_id = ? AND reservation_id = ?");
            for (OpenKey k : closed) {
                s.setString(1, k.leaseId());
                s.setString(2, Long.toString(k.reservationId()));
                s.addBatch();
            }
            s.executeBatch();
        }
        if (!expired.isEmpty()) {
            PreparedStatement s = st.get("DELETE FROM iron_open_reservations WHERE lease_id = ?");
            for (String leaseId : expired) {
                s.setString(1, leaseId);
                s.addBatch();
            }
            s.executeBatch();
        }
        if (!opened.isEmpty()) {
            PreparedStatement s = st.get("INSERT INTO iron_open_reservations (lease_id, reservation_id, agent_id,"
                    + " amount_micros, created_at) VALUES (?, ?, ?, ?, ?)");
            for (JournalRecord r : opened.values()) {
                s.setString(1, r.leaseId());
                s.setString(2, Long.toString(r.reservationId()));
                s.setLong(3, r.agentId());
                s.setLong(4, r.amountMicros());
                s.setLong(5, r.atMillis());
                s.addBatch();
            }
            s.executeBatch();
        }
        if (!spent.isEmpty()) {
            PreparedStatement s = st.get("UPDATE budget_leases SET budget_spent = budget_spent + ?, updated_at = ?"
                    + " WHERE id = ?");
            for (Map.Entry<String, long[]> e : spent.entrySet()) {
                s.setLong(1, e.getValue()[0]);
                s.setLong(2, e.getValue()[1]);
                s.setString(3, e.getKey());
                s.addBatch();
            }
            s.executeBatch();
        }
        if (!batchSeqs.isEmpty()) {
            PreparedStatement s = st.get("DELETE FROM iron_journal_unapplied WHERE seq = ?");
            for (long seq : batchSeqs) {
                s.setLong(1, seq);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * Recovery: applies, in the caller's transaction, the batches a stopped writer left unapplied (it was killed
     * between committing them and bringing the derived tables up to date). Call it only when no journal writer is
     * running on the database: a running one may hold the same batches to apply. Returns the batches applied.
     */
    static int applyUnapplied(Connection c) throws SQLException {
        DerivedRows derived = new DerivedRows();
        try (PreparedStatement s = c.prepareStatement("SELECT b.seq, b.records FROM iron_journal_unapplied u"
                + " JOIN iron_journal_batches b ON b.seq = u.seq ORDER BY u.seq"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                derived.add(JournalRows.decode(rs.getString(2)), rs.getLong(1));
            }
        }
        int batches = derived.batchSeqs.size();
        if (batches > 0) {
            JournalStatements st = new JournalStatements.PerBatch(c);
            try {
                derived.apply(st);
            } finally {
                st.batchDone();
            }
        }
        return batches;
    }
}
