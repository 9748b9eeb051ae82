package io.iron.engine.store.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

import io.iron.engine.bank.Bank;
import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.BankGrant;
import io.iron.engine.bank.LeaseClose;
import io.iron.engine.bank.LeaseIds;
import io.iron.engine.bank.UnknownAgentException;
import io.iron.engine.budget.LeaseStatus;
import io.iron.engine.store.db.Database;

/**
 * The bank in the database ({@code agent_budgets}, {@code budget_leases}, the owner's {@code usage_limits}), on
 * SQLite or PostgreSQL. Same semantics as {@link io.iron.engine.bank.InMemoryBank}; each method is one transaction
 * that reads the account afresh, so a change made from outside (the seed's {@code sqlite3} budget reset) is seen at
 * the next call. A grant is a conditional {@code UPDATE ... WHERE budget_remaining >= granted} on the account row,
 * locked first on PostgreSQL, so several gateway nodes sharing one database never grant more than is left.
 * Every transaction reads the account back before it commits and rolls back if
 * {@code total_allocated = total_spent + budget_remaining} no longer holds ({@link BankInvariantException}).
 * <p>{@code usage_limits.current_cost_microdollars_this_month} of the agent's owner follows the money the owner's
 * agents hold drawn: {@code +granted} on a grant (reference handshake step 14), {@code -returned} on a return or any
 * other credit (the reference's return). Unlike the reference's refresh, ours credits the old remainder, so it
 * lowers it by that credit too.
 */
public final class SqlBank implements Bank {

    private final Database db;
    private final Accounts accounts;

    public SqlBank(Database db) {
        this.db = db;
        this.accounts = new Accounts(db.dialect());
    }

    @Override
    public BankGrant grant(long agentId, long requestedMicros, long nowMillis, long ttlMillis, boolean house) {
        return Transactions.inTransaction(db, c -> {
            BankAccount before = accounts.lockOrSeed(c, agentId, nowMillis);
            return draw(c, before, Math.min(Math.max(0, requestedMicros), before.remainingMicros()), nowMillis,
                    ttlMillis, house);
        });
    }

    @Override
    public BankGrant refresh(long agentId, String oldLeaseId, long oldSpentMicros, long creditMicros,
                             long requestedMicros, long nowMillis, long ttlMillis, boolean house) {
        requireNonNegative(creditMicros, "creditMicros");
        return Transactions.inTransaction(db, c -> {
            BankAccount before = accounts.lock(c, agentId).orElseThrow(() -> new UnknownAgentException(agentId));
            long granted = Math.min(Math.max(0, requestedMicros), before.remainingMicros() + creditMicros);
            if (granted == 0) {
                return new BankGrant(null, 0, 0, before); // nothing changes; the old lease stays active
            }
            Leases.close(c, agentId, oldLeaseId, LeaseStatus.EXPIRED, oldSpentMicros, creditMicros, nowMillis);
            accounts.credit(c, agentId, creditMicros, nowMillis);
            BankAccount credited = accounts.verify(c, agentId);
            return draw(c, credited, granted, nowMillis, ttlMillis, house);
        });
    }

    @Override
    public void close(LeaseClose close) {
        requireNonNegative(close.returnedMicros(), "returnedMicros");
        Transactions.inTransaction(db, c -> {
            accounts.lock(c, close.agentId()).orElseThrow(() -> new UnknownAgentException(close.agentId()));
            Leases.close(c, close.agentId(), close.leaseId(), close.status(), close.spentMicros(),
                    close.returnedMicros(), close.nowMillis());
            accounts.credit(c, close.agentId(), close.returnedMicros(), close.nowMillis());
            if (close.status() == LeaseStatus.REVOKED) {
                recordReclaim(c, close);
            }
            return accounts.verify(c, close.agentId());
        });
    }

    @Override
    public void credit(long agentId, String leaseId, long amountMicros, long nowMillis) {
        requireNonNegative(amountMicros, "amountMicros");
        if (amountMicros == 0) {
            return;
        }
        Transactions.inTransaction(db, c -> {
            accounts.lock(c, agentId).orElseThrow(() -> new UnknownAgentException(agentId));
            Leases.addReturned(c, agentId, leaseId, amountMicros, nowMillis);
            accounts.credit(c, agentId, amountMicros, nowMillis);
            return accounts.verify(c, agentId);
        });
    }

    /**
     * The account, or empty when the agent has none. An agent that exists without an account but whose owner has a
     * monthly limit gets one seeded here, as a handshake would (the built-in proxy asks for the account before it
     * draws its first lease).
     */
    @Override
    public Optional<BankAccount> account(long agentId) {
        Optional<BankAccount> account = Transactions.read(db, c -> Accounts.read(c, agentId));
        if (account.isPresent() || !Transactions.read(db, c -> Accounts.agentExists(c, agentId))) {
            return account;
        }
        try {
            return Optional.of(Transactions.inTransaction(db,
                    c -> accounts.lockOrSeed(c, agentId, System.currentTimeMillis())));
        } catch (UnknownAgentException nothingToSeed) {
            return Optional.empty();
        }
    }

    @Override
    public OptionalLong agentOfLease(String leaseId) {
        return Transactions.read(db, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT agent_id FROM budget_leases WHERE id = ?")) {
                s.setString(1, leaseId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    public Database database() {
        return db;
    }

    private BankGrant draw(Connection c, BankAccount before, long grantedMicros, long nowMillis, long ttlMillis,
                           boolean house) throws SQLException {
        if (grantedMicros == 0) {
            return new BankGrant(null, 0, 0, before);
        }
        long agentId = before.agentId();
        accounts.draw(c, agentId, grantedMicros, nowMillis);
        String leaseId = LeaseIds.newLeaseId(house);
        Leases.insert(c, leaseId, agentId, grantedMicros, nowMillis, ttlMillis);
        BankAccount after = accounts.verify(c, agentId);
        if (after.remainingMicros() < 0 || after.drawnMicros() != before.drawnMicros() + grantedMicros) {
            throw new BankInvariantException("agent " + agentId + ": granting " + grantedMicros + " µ$ turned " + before
                    + " into " + after);
        }
        return new BankGrant(leaseId, grantedMicros, ttlMillis > 0 ? nowMillis + ttlMillis : 0, after);
    }

    private static void recordReclaim(Connection c, LeaseClose close) throws SQLException {
        ReclaimReason reason = ReclaimReason.decode(close.reason());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO iron_lease_reclaims (lease_id, agent_id,"
                + " amount_micros, reason, actor, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, close.leaseId());
            s.setLong(2, close.agentId());
            s.setLong(3, close.returnedMicros());
            s.setString(4, reason.why());
            s.setString(5, reason.actor());
            s.setLong(6, close.nowMillis());
            s.executeUpdate();
        }
    }

    private static void requireNonNegative(long v, String name) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + v);
        }
    }
}
