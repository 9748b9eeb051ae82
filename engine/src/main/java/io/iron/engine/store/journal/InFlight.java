package io.iron.engine.store.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.iron.engine.journal.JournalRecord;

/**
 * Replays journal records in order and keeps the reservations still open: a 'reserve' opens one, its 'settle' or
 * 'release' (same lease and reservation id) closes it, and an 'expire' closes all of its lease's (a lapsed lease
 * counted its open reservations as spent already, D13). What is left open at the end was in flight when the process
 * stopped. Memory is bounded by the reservations open at any one time, not by the journal's length.
 */
final class InFlight {

    record Open(long agentId, String leaseId, long reservationId, long amountMicros) { }

    static final String KINDS = "kind IN ('reserve', 'settle', 'release', 'expire')";

    private final Map<String, Map<Long, Open>> byLease = new HashMap<>();
    private long scanned;
    private long lastSeq;

    /** Reads {@code seq, lease_id, agent_id, kind, reservation_id, amount_micros} rows in seq order. */
    void replay(ResultSet rs) throws SQLException {
        while (rs.next()) {
            scanned++;
            lastSeq = Math.max(lastSeq, rs.getLong(1));
            String leaseId = rs.getString(2);
            long agentId = rs.getLong(3);
            String kind = rs.getString(4);
            String reservation = rs.getString(5);
            long amount = rs.getLong(6);
            switch (kind) {
                case "reserve" -> byLease.computeIfAbsent(leaseId, k -> new LinkedHashMap<>())
                        .put(Long.parseLong(reservation), new Open(agentId, leaseId, Long.parseLong(reservation), amount));
                case "settle", "release" -> {
                    Map<Long, Open> open = byLease.get(leaseId);
                    if (open != null && reservation != null) {
                        open.remove(Long.parseLong(reservation));
                        if (open.isEmpty()) {
                            byLease.remove(leaseId);
                        }
                    }
                }
                case "expire" -> byLease.remove(leaseId);
                default -> { }
            }
        }
    }

    long scanned() {
        return scanned;
    }

    long lastSeq() {
        return lastSeq;
    }

    List<Open> open() {
        List<Open> out = new ArrayList<>();
        for (Map<Long, Open> m : byLease.values()) {
            out.addAll(m.values());
        }
        return out;
    }

    /**
     * Settles every open reservation at its full amount, durably (D14): a 'settle' record each, and the lease rows'
     * {@code budget_spent} grows by the same amounts. Being in the journal, they are never counted again.
     */
    static RecoverySummary settleAtFullAmount(Connection c, InFlight replayed, long nowMillis) throws SQLException {
        List<Open> open = replayed.open();
        List<JournalRecord> settles = new ArrayList<>(open.size());
        long micros = 0;
        java.util.Set<String> leases = new java.util.HashSet<>();
        for (Open o : open) {
            settles.add(new JournalRecord(o.agentId(), o.leaseId(), JournalRecord.Kind.SETTLE, o.reservationId(), null,
                    o.amountMicros(), 0, nowMillis));
            micros += o.amountMicros();
            leases.add(o.leaseId());
        }
        if (!settles.isEmpty()) {
            JournalRows.write(c, settles);
        }
        return new RecoverySummary(leases.size(), settles.size(), micros, 0, 0, replayed.scanned(), replayed.lastSeq());
    }

    /** Replays one lease's records after {@code afterSeq} (the lease index makes this cheap). */
    static void replayLease(Connection c, InFlight into, String leaseId, long afterSeq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq, lease_id, agent_id, kind, reservation_id,"
                + " amount_micros FROM iron_journal WHERE lease_id = ? AND seq > ? AND " + KINDS + " ORDER BY seq")) {
            s.setString(1, leaseId);
            s.setLong(2, afterSeq);
            try (ResultSet rs = s.executeQuery()) {
                into.replay(rs);
            }
        }
    }

    /** Replays the whole journal after {@code afterSeq}. */
    static void replayAll(Connection c, InFlight into, long afterSeq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT seq, lease_id, agent_id, kind, reservation_id,"
                + " amount_micros FROM iron_journal WHERE seq > ? AND " + KINDS + " ORDER BY seq")) {
            s.setFetchSize(10_000); // PostgreSQL streams (inside a transaction) instead of loading everything
            s.setLong(1, afterSeq);
            try (ResultSet rs = s.executeQuery()) {
                into.replay(rs);
            }
        }
    }
}
