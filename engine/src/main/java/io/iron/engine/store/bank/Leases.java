package io.iron.engine.store.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.iron.engine.budget.LeaseStatus;

/** The SQL of {@code budget_leases}, shared by the bank, the admin and the ledger store; inside callers' transactions. */
public final class Leases {

    static final String COLUMNS = "id, agent_id, budget_id, budget_granted, budget_spent, lease_status, created_at,"
            + " expires_at, returned_amount, closed_at, updated_at";

    private Leases() {
    }

    static void insert(Connection c, String leaseId, long agentId, long grantedMicros, long nowMillis,
                       long ttlMillis) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO budget_leases (id, agent_id, budget_id,"
                + " budget_granted, budget_spent, lease_status, created_at, expires_at, returned_amount, updated_at)"
                + " VALUES (?, ?, ?, ?, 0, 'active', ?, ?, 0, ?)")) {
            s.setString(1, leaseId);
            s.setLong(2, agentId);
            s.setLong(3, agentId);
            s.setLong(4, grantedMicros);
            s.setLong(5, nowMillis);
            if (ttlMillis > 0) {
                s.setLong(6, Math.addExact(nowMillis, ttlMillis));
            } else {
                s.setNull(6, java.sql.Types.BIGINT);
            }
            s.setLong(7, nowMillis);
            s.executeUpdate();
        }
    }

    /** Writes an active lease's final figures; fails when the lease is not this agent's or not active. */
    static void close(Connection c, long agentId, String leaseId, LeaseStatus status, long spentMicros,
                      long returnedMicros, long nowMillis) throws SQLException {
        if (status == LeaseStatus.ACTIVE) {
            throw new IllegalArgumentException("closing lease " + leaseId + " needs a closed status, not active");
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE budget_leases SET lease_status = ?, budget_spent = ?,"
                + " returned_amount = ?, closed_at = ?, updated_at = ? WHERE id = ? AND agent_id = ?"
                + " AND lease_status = 'active'")) {
            s.setString(1, status.wire());
            s.setLong(2, spentMicros);
            s.setLong(3, returnedMicros);
            s.setLong(4, nowMillis);
            s.setLong(5, nowMillis);
            s.setString(6, leaseId);
            s.setLong(7, agentId);
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("cannot close lease " + leaseId + " of agent " + agentId + ": "
                        + find(c, leaseId).map(r -> "it is " + r.status().wire() + (r.agentId() == agentId ? ""
                        : " and belongs to agent " + r.agentId())).orElse("there is no such lease"));
            }
        }
        verify(c, leaseId);
    }

    /** Adds money given back late (a reservation in flight settled below its amount) to the lease's returned. */
    static void addReturned(Connection c, long agentId, String leaseId, long micros, long nowMillis)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE budget_leases SET returned_amount ="
                + " COALESCE(returned_amount, 0) + ?, updated_at = ? WHERE id = ? AND agent_id = ?")) {
            s.setLong(1, micros);
            s.setLong(2, nowMillis);
            s.setString(3, leaseId);
            s.setLong(4, agentId);
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("cannot credit " + micros + " µ$ from lease " + leaseId + " of agent "
                        + agentId + ": there is no such lease of that agent");
            }
        }
        verify(c, leaseId);
    }

    /** A lease never shows more spent and given back than it was granted. */
    static LeaseRow verify(Connection c, String leaseId) throws SQLException {
        LeaseRow r = find(c, leaseId).orElseThrow(() -> new BankInvariantException("lease " + leaseId
                + " vanished inside a bank transaction"));
        if (r.spentMicros() < 0 || r.returnedMicros() < 0 || r.spentMicros() + r.returnedMicros() > r.grantedMicros()) {
            throw new BankInvariantException("lease " + leaseId + " of agent " + r.agentId() + ": budget_spent "
                    + r.spentMicros() + " + returned_amount " + r.returnedMicros() + " is negative or above budget_granted "
                    + r.grantedMicros());
        }
        return r;
    }

    public static Optional<LeaseRow> find(Connection c, String leaseId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM budget_leases WHERE id = ?")) {
            s.setString(1, leaseId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Rows of one agent, oldest first; {@code activeOnly} keeps the active ones. */
    public static List<LeaseRow> ofAgent(Connection c, long agentId, boolean activeOnly) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM budget_leases WHERE agent_id = ?"
                + (activeOnly ? " AND lease_status = 'active'" : "") + " ORDER BY created_at, id")) {
            s.setLong(1, agentId);
            try (ResultSet rs = s.executeQuery()) {
                List<LeaseRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row(rs));
                }
                return out;
            }
        }
    }

    static LeaseRow row(ResultSet rs) throws SQLException {
        return new LeaseRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                LeaseStatus.fromWire(rs.getString(6)), rs.getLong(7), nullableLong(rs, 8), rs.getLong(9),
                nullableLong(rs, 10), nullableLong(rs, 11));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
