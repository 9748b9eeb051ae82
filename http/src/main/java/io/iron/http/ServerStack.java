package io.iron.http;

import io.iron.engine.store.bank.BudgetAdmin;
import io.iron.engine.store.bank.SqlBank;
import io.iron.engine.store.db.Database;
import io.iron.engine.store.directory.Directory;
import io.iron.engine.store.journal.DbLedgerStore;
import io.iron.engine.store.journal.GroupCommitJournal;
import io.iron.engine.store.journal.LeaseSweep;
import io.iron.engine.store.journal.RecoverySummary;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The money machinery of a server over one database: the bank ({@code agent_budgets}, {@code budget_leases}), the
 * group-commit journal, the ledger store that rebuilds an agent's leases when its actor starts, and the query that
 * feeds the sweeper of lapsed leases. {@link #configure} runs recovery first (D14: reservations left in flight by a
 * crash are counted at their full amount), before any actor can start.
 */
public final class ServerStack {
    /** Lapsed leases handled per sweep; the rest wait for the next one. */
    private static final int SWEEP_BATCH = 1000;

    private final Database database;
    private final LongSupplier clockMillis;
    private RecoverySummary recovery;

    private ServerStack(Database database, LongSupplier clockMillis) {
        this.database = database;
        this.clockMillis = clockMillis;
    }

    /** The stack over {@code database}, on {@code clockMillis} (the server's clock). */
    public static ServerStack over(Database database, LongSupplier clockMillis) {
        return new ServerStack(database, clockMillis);
    }

    /**
     * Recovers, then puts the bank, journal, ledger store, budget book and lapsed-lease source into the builder. The
     * journal is closed when the server closes (the database is the caller's).
     */
    public IronServer.Builder configure(IronServer.Builder builder) {
        DbLedgerStore ledgerStore = new DbLedgerStore(database, clockMillis);
        recovery = ledgerStore.recoverAll();
        GroupCommitJournal journal = new GroupCommitJournal(database);
        LeaseSweep sweep = new LeaseSweep(database);
        return builder.database(database)
                .clockMillis(clockMillis)
                .bank(new SqlBank(database))
                .budgetBook(new SqlBudgetBook(new BudgetAdmin(database), new Directory(database)))
                .journal(journal)
                .ledgerStore(ledgerStore)
                .lapsedLeaseAgents(now -> {
                    Set<Long> agents = new LinkedHashSet<>();
                    sweep.due(now, SWEEP_BATCH).forEach(d -> agents.add(d.agentId()));
                    return agents;
                })
                .closeOnStop(journal);
    }

    /** A line for the start-up log about what recovery found. */
    public String recoveryNote() {
        return recovery == null ? "not recovered yet" : recovery.toString();
    }
}
