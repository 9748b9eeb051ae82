package io.iron.engine.store.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.iron.engine.store.db.Dialect;

/**
 * Completes credits a crash cut off. A request in flight when its lease closed gives back, when it settles, what it
 * did not use: the actor first makes the settlement durable, then credits the bank, in a second transaction. A
 * process killed between the two leaves a closed lease whose {@code budget_spent + returned_amount} is below its
 * grant although nothing on it is in flight any more. The journal proves that money unspent, so recovery credits
 * it. Only for use by recovery, once every in-flight reservation has been counted: on a lease with a reservation
 * still in flight the gap is that reservation, not a lost credit.
 */
public final class LateCredits {

    /** Money given back to one agent by {@link #complete}. */
    public record Credited(long agentId, String leaseId, long micros) { }

    private LateCredits() {
    }

    /**
     * Credits the gap of every closed lease (of {@code agentId}, or of all agents when null) inside the caller's
     * transaction; returns what it credited.
     */
    public static List<Credited> complete(Connection c, Dialect dialect, Long agentId, long nowMillis)
            throws SQLException {
        List<Credited> gaps = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT agent_id, id, budget_granted - budget_spent"
                + " - COALESCE(returned_amount, 0) FROM budget_leases WHERE lease_status <> 'active'"
                + " AND budget_spent + COALESCE(returned_amount, 0) < budget_granted"
                + (agentId == null ? "" : " AND agent_id = ?") + " ORDER BY agent_id, id")) {
            if (agentId != null) {
                s.setLong(1, agentId);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    gaps.add(new Credited(rs.getLong(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        Accounts accounts = new Accounts(dialect);
        for (Credited g : gaps) {
            if (accounts.lock(c, g.agentId()).isEmpty()) {
                continue; // the account was deleted by hand: nothing to credit
            }
            Leases.addReturned(c, g.agentId(), g.leaseId(), g.micros(), nowMillis);
            accounts.credit(c, g.agentId(), g.micros(), nowMillis);
            accounts.verify(c, g.agentId());
        }
        return gaps;
    }
}
