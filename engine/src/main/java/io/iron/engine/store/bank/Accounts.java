package io.iron.engine.store.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.UnknownAgentException;
import io.iron.engine.store.db.Dialect;

/**
 * The SQL of {@code agent_budgets} and the owner's {@code usage_limits}, shared by {@link SqlBank} and
 * {@link BudgetAdmin}. Every method runs inside the caller's transaction. The one dialect difference lives here:
 * PostgreSQL locks the account row ({@code FOR UPDATE}) so that two gateway nodes drawing from one account queue on
 * it; SQLite needs no lock, its IMMEDIATE transaction already holds the database's single write lock.
 */
final class Accounts {

    private final String lockSuffix;

    Accounts(Dialect dialect) {
        this.lockSuffix = dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    }

    /** Reads (and on PostgreSQL locks) the account, checking its identity; empty when there is no row. */
    Optional<BankAccount> lock(Connection c, long agentId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT total_allocated, total_spent, budget_remaining"
                + " FROM agent_budgets WHERE agent_id = ?" + lockSuffix)) {
            s.setLong(1, agentId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(account(agentId, rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    /** The account without a lock (reads on the reader pool). */
    static Optional<BankAccount> read(Connection c, long agentId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT total_allocated, total_spent, budget_remaining"
                + " FROM agent_budgets WHERE agent_id = ?")) {
            s.setLong(1, agentId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(account(agentId, rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    /**
     * The locked account, creating it first the way the reference handshake does (step 5) when the agent exists but
     * has no row: seeded with its owner's {@code max_cost_microdollars_per_month - current_cost_microdollars_this_month}
     * when that limit is set and above what is used. Throws {@link UnknownAgentException} when there is no agent, or
     * nothing to seed from.
     */
    BankAccount lockOrSeed(Connection c, long agentId, long nowMillis) throws SQLException {
        Optional<BankAccount> existing = lock(c, agentId);
        if (existing.isPresent()) {
            return existing.get();
        }
        long seedMicros = seedFromUsageLimits(c, agentId);
        if (seedMicros <= 0) {
            throw new UnknownAgentException(agentId);
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO agent_budgets (agent_id, total_allocated, total_spent,"
                + " budget_remaining, created_at, updated_at) VALUES (?, ?, 0, ?, ?, ?) ON CONFLICT (agent_id) DO NOTHING")) {
            s.setLong(1, agentId);
            s.setLong(2, seedMicros);
            s.setLong(3, seedMicros);
            s.setLong(4, nowMillis);
            s.setLong(5, nowMillis);
            s.executeUpdate();
        }
        // Another node may have seeded it first (ON CONFLICT): whatever is there now is the account.
        return lock(c, agentId).orElseThrow(() -> new UnknownAgentException(agentId));
    }

    /** What the reference would seed: 0 when the agent, its owner's limit row or headroom under the limit is missing. */
    private static long seedFromUsageLimits(Connection c, long agentId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT u.max_cost_microdollars_per_month,"
                + " u.current_cost_microdollars_this_month FROM agents a JOIN usage_limits u ON u.user_id = a.owner_id"
                + " WHERE a.id = ? ORDER BY CASE WHEN u.project_id IS NULL THEN 0 ELSE 1 END, u.id")) {
            s.setLong(1, agentId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                long max = rs.getLong(1);
                boolean limited = !rs.wasNull();
                long current = rs.getLong(2);
                return limited && max > current ? max - current : 0;
            }
        }
    }

    /** Does the agent exist at all (a row in {@code agents})? */
    static boolean agentExists(Connection c, long agentId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM agents WHERE id = ?")) {
            s.setLong(1, agentId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Moves {@code micros} from remaining to spent; the {@code budget_remaining >= ?} condition makes it impossible
     * to draw more than is left even if the row changed since it was read.
     */
    void draw(Connection c, long agentId, long micros, long nowMillis) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE agent_budgets SET total_spent = total_spent + ?,"
                + " budget_remaining = budget_remaining - ?, updated_at = ? WHERE agent_id = ? AND budget_remaining >= ?")) {
            s.setLong(1, micros);
            s.setLong(2, micros);
            s.setLong(3, nowMillis);
            s.setLong(4, agentId);
            s.setLong(5, micros);
            if (s.executeUpdate() != 1) {
                throw new BankInvariantException("agent " + agentId + ": drawing " + micros
                        + " µ$ found less remaining than the locked row showed");
            }
        }
        owner(c, agentId, micros, nowMillis);
    }

    /** Moves {@code micros} from spent back to remaining (a lease gave it back). */
    void credit(Connection c, long agentId, long micros, long nowMillis) throws SQLException {
        if (micros == 0) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE agent_budgets SET total_spent = total_spent - ?,"
                + " budget_remaining = budget_remaining + ?, updated_at = ? WHERE agent_id = ?")) {
            s.setLong(1, micros);
            s.setLong(2, micros);
            s.setLong(3, nowMillis);
            s.setLong(4, agentId);
            if (s.executeUpdate() != 1) {
                throw new UnknownAgentException(agentId);
            }
        }
        owner(c, agentId, -micros, nowMillis);
    }

    /**
     * The reference's per-owner "bank" (handshake step 14, return step 4): what the owner's agents hold drawn.
     * Zero rows (no usage_limits row for the owner) is fine, as in the reference.
     */
    private static void owner(Connection c, long agentId, long deltaMicros, long nowMillis) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE usage_limits SET current_cost_microdollars_this_month"
                + " = current_cost_microdollars_this_month + ?, updated_at = ?"
                + " WHERE user_id = (SELECT owner_id FROM agents WHERE id = ?)")) {
            s.setLong(1, deltaMicros);
            s.setLong(2, nowMillis);
            s.setLong(3, agentId);
            s.executeUpdate();
        }
    }

    /** Reads the account back after a write and fails the transaction if its identity no longer holds. */
    BankAccount verify(Connection c, long agentId) throws SQLException {
        return lock(c, agentId).orElseThrow(() -> new BankInvariantException("agent " + agentId
                + ": the agent_budgets row vanished inside a bank transaction"));
    }

    static BankAccount account(long agentId, long allocated, long spent, long remaining) {
        if (allocated != spent + remaining) {
            throw new BankInvariantException("agent_budgets row of agent " + agentId + " is inconsistent: total_allocated "
                    + allocated + " != total_spent " + spent + " + budget_remaining " + remaining
                    + "; repair the row (e.g. SET budget_remaining = total_allocated - total_spent) before using it");
        }
        return new BankAccount(agentId, allocated, spent, remaining);
    }
}
