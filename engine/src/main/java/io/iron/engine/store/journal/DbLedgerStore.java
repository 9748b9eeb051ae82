package io.iron.engine.store.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.iron.engine.budget.AgentLedger;
import io.iron.engine.budget.LeaseStatus;
import io.iron.engine.journal.LedgerStore;
import io.iron.engine.store.bank.LateCredits;
import io.iron.engine.store.bank.LeaseRow;
import io.iron.engine.store.bank.Leases;
import io.iron.engine.store.bank.Transactions;
import io.iron.engine.store.db.Database;

/**
 * Rebuilds an agent's {@link AgentLedger} from the database when its actor starts: its active {@code budget_leases}
 * rows (whose {@code budget_spent} the journal keeps durable) with their report idempotency keys.
 * <p>D14: a reservation journaled without its settle or release (a row of {@code iron_open_reservations}) that no actor
 * holds was in flight when a process stopped, and counts at its full amount. {@link #recoverAll()} (call it once at
 * startup, before any actor runs) settles every such
 * reservation with a durable 'settle' record at full amount, so it is counted exactly once whatever happens next,
 * then completes the credits of closed leases that a crash cut off ({@link LateCredits}).
 * Without it, {@link #load} does the same for the agent's own reservations the first time it meets the agent. An actor
 * that reloads after a failed commit lost the reservations it held in memory: they too are counted at full amount.
 * <p>One node per journal: recovery takes every open reservation in the journal as lost, so a second node must not
 * run it while another node is serving from the same database.
 */
public final class DbLedgerStore implements LedgerStore {

    private static final System.Logger LOG = System.getLogger(DbLedgerStore.class.getName());

    private final Database db;
    private final LongSupplier clockMillis;
    /** Agents whose actor is running: a second load of one is a reload after a failed batch. */
    private final Set<Long> live = ConcurrentHashMap.newKeySet();
    /** Agents reconciled by {@link #load} (when {@link #recoverAll} did not run). */
    private final Set<Long> reconciled = ConcurrentHashMap.newKeySet();
    private volatile boolean recoveredAll;

    public DbLedgerStore(Database db) {
        this(db, System::currentTimeMillis);
    }

    public DbLedgerStore(Database db, LongSupplier clockMillis) {
        this.db = db;
        this.clockMillis = clockMillis;
    }

    /**
     * Startup recovery: applies the journal batches whose effects on {@code budget_spent} and the open reservations
     * a stop cut off, settles every reservation left in flight at its full amount, completes cut-off credits, and
     * logs what it did. Call it before any actor runs, and before or after (not during) a journal writer's start.
     */
    public RecoverySummary recoverAll() {
        long now = clockMillis.getAsLong();
        RecoverySummary summary = Transactions.inTransaction(db, c -> {
            DerivedRows.applyUnapplied(c); // batches whose effects a stop cut off, before anything reads them
            return withCredits(OpenReservations.settleAtFullAmount(c, null, now),
                    LateCredits.complete(c, db.dialect(), null, now));
        });
        recoveredAll = true;
        LOG.log(summary.reservations() > 0 || summary.lateCredits() > 0 ? System.Logger.Level.WARNING
                : System.Logger.Level.INFO, "journal of " + db.location() + ": " + summary);
        return summary;
    }

    @Override
    public AgentLedger load(long agentId) {
        boolean reload = !live.add(agentId);
        if (reload || !(recoveredAll || reconciled.contains(agentId))) {
            RecoverySummary s = reconcile(agentId);
            reconciled.add(agentId);
            if (s.reservations() > 0 || s.lateCredits() > 0) {
                LOG.log(System.Logger.Level.WARNING, "agent " + agentId + (reload ? " (reloaded after a failed commit)" : "")
                        + ": " + s);
            }
        }
        return Transactions.read(db, c -> restore(c, agentId));
    }

    @Override
    public void passivated(AgentLedger ledger) {
        live.remove(ledger.agentId());
    }

    /** Counts the agent's in-flight reservations at full amount and completes its cut-off credits. */
    private RecoverySummary reconcile(long agentId) {
        long now = clockMillis.getAsLong();
        return Transactions.inTransaction(db, c -> withCredits(
                OpenReservations.settleAtFullAmount(c, agentId, now), LateCredits.complete(c, db.dialect(), agentId, now)));
    }

    private static RecoverySummary withCredits(RecoverySummary s, List<LateCredits.Credited> credited) {
        long micros = credited.stream().mapToLong(LateCredits.Credited::micros).sum();
        return new RecoverySummary(s.leases(), s.reservations(), s.micros(), credited.size(), micros);
    }

    private static AgentLedger restore(Connection c, long agentId) throws SQLException {
        AgentLedger ledger = new AgentLedger(agentId);
        List<LeaseRow> active = Leases.ofAgent(c, agentId, true);
        for (LeaseRow row : active) {
            ledger.restoreLease(row.leaseId(), row.grantedMicros(), row.spentMicros(), row.returnedMicros(),
                    LeaseStatus.ACTIVE, row.createdAtMillis(), row.ttlMillis(), row.effectiveExpiresAtMillis(),
                    reports(c, row.leaseId()));
        }
        return ledger;
    }

    /** The usage reports accepted on a lease, by request_id (D10 idempotency survives restarts). */
    private static Map<String, Long> reports(Connection c, String leaseId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT request_id, cost_micros FROM iron_lease_requests"
                + " WHERE lease_id = ?")) {
            s.setString(1, leaseId);
            try (ResultSet rs = s.executeQuery()) {
                Map<String, Long> out = new HashMap<>();
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
                return out;
            }
        }
    }
}
