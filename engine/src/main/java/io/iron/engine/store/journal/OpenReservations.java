package io.iron.engine.store.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.iron.engine.journal.JournalRecord;

/**
 * The reservations in flight as the journal knows them ({@code iron_open_reservations}, kept by the journal writer in
 * the same transactions as the journal). When no actor holds them, they were in flight when a process stopped (or an
 * actor lost them with a failed commit), and D14 counts each at its full amount: a 'settle' record for the whole
 * reservation, written like any other, which also removes it from the table, so it is never counted twice.
 */
final class OpenReservations {

    private record Open(long agentId, String leaseId, long reservationId, long amountMicros) { }

    private OpenReservations() {
    }

    /** Settles, at full amount, the open reservations of one agent, or of every agent when {@code agentId} is null. */
    static RecoverySummary settleAtFullAmount(Connection c, Long agentId, long nowMillis) throws SQLException {
        List<Open> open = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT agent_id, lease_id, reservation_id, amount_micros"
                + " FROM iron_open_reservations" + (agentId == null ? "" : " WHERE agent_id = ?")
                + " ORDER BY created_at, lease_id, reservation_id")) {
            if (agentId != null) {
                s.setLong(1, agentId);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    open.add(new Open(rs.getLong(1), rs.getString(2), Long.parseLong(rs.getString(3)), rs.getLong(4)));
                }
            }
        }
        List<JournalRecord> settles = new ArrayList<>(open.size());
        Set<String> leases = new HashSet<>();
        long micros = 0;
        for (Open o : open) {
            settles.add(new JournalRecord(o.agentId(), o.leaseId(), JournalRecord.Kind.SETTLE, o.reservationId(), null,
                    o.amountMicros(), 0, nowMillis));
            leases.add(o.leaseId());
            micros += o.amountMicros();
        }
        if (!settles.isEmpty()) {
            JournalRows.write(c, settles);
        }
        return new RecoverySummary(leases.size(), settles.size(), micros, 0, 0);
    }
}
