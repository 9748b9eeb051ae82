package io.iron.engine.store.journal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import io.iron.engine.bank.LeaseIds;
import io.iron.engine.store.bank.Transactions;
import io.iron.engine.store.db.Database;

/**
 * Finds REST leases past their time to live (D13) so that the server can send their agents
 * {@code AgentCommand.Expire}; the actor then lapses them, counting the whole grant as spent. A lease's TTL runs from
 * its last use ({@code updated_at}, moved by the journal as it is charged), and {@code expires_at == now} is still
 * valid. House leases are left out: their actor manages them. This is a hint: the actor decides from its own
 * figures, so a lease used since its row was written is not lapsed.
 */
public final class LeaseSweep {

    /** A lease due to lapse. */
    public record DueLease(long agentId, String leaseId, long expiresAtMillis) { }

    private final Database db;

    public LeaseSweep(Database db) {
        this.db = db;
    }

    /** At most {@code limit} active non-house leases whose TTL has run out at {@code nowMillis}, oldest first. */
    public List<DueLease> due(long nowMillis, int limit) {
        return Transactions.read(db, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT agent_id, id,"
                    + " COALESCE(updated_at, created_at) + (expires_at - created_at) AS lapses_at FROM budget_leases"
                    + " WHERE lease_status = 'active' AND expires_at IS NOT NULL AND expires_at < ?"
                    + " AND COALESCE(updated_at, created_at) + (expires_at - created_at) < ?"
                    + " AND substr(id, 1, " + LeaseIds.HOUSE_PREFIX.length() + ") <> ?"
                    + " ORDER BY lapses_at LIMIT ?")) {
                s.setLong(1, nowMillis);
                s.setLong(2, nowMillis);
                s.setString(3, LeaseIds.HOUSE_PREFIX);
                s.setInt(4, limit);
                try (ResultSet rs = s.executeQuery()) {
                    List<DueLease> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new DueLease(rs.getLong(1), rs.getString(2), rs.getLong(3)));
                    }
                    return out;
                }
            }
        });
    }
}
