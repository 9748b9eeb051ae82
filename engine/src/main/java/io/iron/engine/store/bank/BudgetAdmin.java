package io.iron.engine.store.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.UnknownAgentException;
import io.iron.engine.store.db.Database;

/**
 * Operator actions on the bank (for the admin API and command line): set or top up an agent's allocation, and read
 * its lease rows. Each write is one transaction that keeps {@code total_allocated = total_spent + budget_remaining}.
 * Money already drawn into leases is never touched here: an allocation can only move what is still remaining.
 */
public final class BudgetAdmin {

    private final Database db;
    private final Accounts accounts;

    public BudgetAdmin(Database db) {
        this.db = db;
        this.accounts = new Accounts(db.dialect());
    }

    /**
     * Sets the agent's allocation; {@code budget_remaining} becomes {@code allocated - total_spent}. Creates the
     * account when the agent has none. Refused (IllegalArgumentException naming both numbers) below what is already
     * spent; {@link UnknownAgentException} when there is no such agent.
     */
    public BankAccount setAllocation(long agentId, long allocatedMicros, long nowMillis) {
        if (allocatedMicros < 0) {
            throw new IllegalArgumentException("allocation must not be negative, was " + allocatedMicros + " µ$");
        }
        return Transactions.inTransaction(db, c -> {
            Optional<BankAccount> existing = accounts.lock(c, agentId);
            if (existing.isEmpty()) {
                create(c, agentId, allocatedMicros, nowMillis);
            } else {
                long spent = existing.get().drawnMicros();
                if (allocatedMicros < spent) {
                    throw new IllegalArgumentException("cannot set agent " + agentId + "'s allocation to "
                            + allocatedMicros + " µ$: " + spent + " µ$ are already spent (total_spent); the allocation"
                            + " must be at least " + spent + " µ$");
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE agent_budgets SET total_allocated = ?,"
                        + " budget_remaining = ? - total_spent, updated_at = ? WHERE agent_id = ?")) {
                    s.setLong(1, allocatedMicros);
                    s.setLong(2, allocatedMicros);
                    s.setLong(3, nowMillis);
                    s.setLong(4, agentId);
                    s.executeUpdate();
                }
            }
            return accounts.verify(c, agentId);
        });
    }

    /**
     * Adds {@code deltaMicros} to the allocation and to what remains (a negative delta takes back, but never more
     * than remains). Creates the account (allocation = delta) when the agent has none.
     */
    public BankAccount topUp(long agentId, long deltaMicros, long nowMillis) {
        return Transactions.inTransaction(db, c -> {
            Optional<BankAccount> existing = accounts.lock(c, agentId);
            long remaining = existing.map(BankAccount::remainingMicros).orElse(0L);
            if (remaining + deltaMicros < 0) {
                throw new IllegalArgumentException("cannot take " + (-deltaMicros) + " µ$ from agent " + agentId
                        + ": only " + remaining + " µ$ remain (budget_remaining); the rest is drawn into leases");
            }
            if (existing.isEmpty()) {
                create(c, agentId, deltaMicros, nowMillis);
            } else {
                try (PreparedStatement s = c.prepareStatement("UPDATE agent_budgets SET total_allocated ="
                        + " total_allocated + ?, budget_remaining = budget_remaining + ?, updated_at = ? WHERE agent_id = ?")) {
                    s.setLong(1, deltaMicros);
                    s.setLong(2, deltaMicros);
                    s.setLong(3, nowMillis);
                    s.setLong(4, agentId);
                    s.executeUpdate();
                }
            }
            return accounts.verify(c, agentId);
        });
    }

    /** The account, or empty. */
    public Optional<BankAccount> account(long agentId) {
        return Transactions.read(db, c -> Accounts.read(c, agentId));
    }

    /** Every lease row of the agent, oldest first. */
    public List<LeaseRow> leases(long agentId) {
        return Transactions.read(db, c -> Leases.ofAgent(c, agentId, false));
    }

    /** One lease row by id. */
    public Optional<LeaseRow> lease(String leaseId) {
        return Transactions.read(db, c -> Leases.find(c, leaseId));
    }

    private static void create(Connection c, long agentId, long allocatedMicros, long nowMillis)
            throws SQLException {
        if (!Accounts.agentExists(c, agentId)) {
            throw new UnknownAgentException(agentId);
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO agent_budgets (agent_id, total_allocated,"
                + " total_spent, budget_remaining, created_at, updated_at) VALUES (?, ?, 0, ?, ?, ?)")) {
            s.setLong(1, agentId);
            s.setLong(2, allocatedMicros);
            s.setLong(3, allocatedMicros);
            s.setLong(4, nowMillis);
            s.setLong(5, nowMillis);
            s.executeUpdate();
        }
    }
}
