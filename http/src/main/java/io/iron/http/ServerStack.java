package io.iron.http;

import io.iron.engine.bank.InMemoryBank;
import io.iron.engine.journal.InMemoryJournal;
import io.iron.engine.journal.InMemoryLedgerStore;
import io.iron.engine.store.db.Database;

/**
 * The money machinery behind a server, over one database. TEMPORARY: in memory until the durable store (SqlBank,
 * GroupCommitJournal, DbLedgerStore) is merged; then it becomes the database-backed stack.
 */
public final class ServerStack {
    private final Database database;
    private final java.util.function.LongSupplier clockMillis;

    private ServerStack(Database database, java.util.function.LongSupplier clockMillis) {
        this.database = database;
        this.clockMillis = clockMillis;
    }

    /** The stack over {@code database}, on {@code clockMillis} (the server's clock). */
    public static ServerStack over(Database database, java.util.function.LongSupplier clockMillis) {
        return new ServerStack(database, clockMillis);
    }

    /** Puts the bank, journal, ledger store, budget book and lapsed-lease source into the builder. */
    public IronServer.Builder configure(IronServer.Builder builder) {
        InMemoryBank bank = new InMemoryBank();
        return builder.database(database)
                .clockMillis(clockMillis)
                .bank(bank)
                .budgetBook(new InMemoryBudgetBook(bank))
                .journal(new InMemoryJournal())
                .ledgerStore(new InMemoryLedgerStore());
    }

    /** A line for the start-up log about what recovery found. */
    public String recoveryNote() {
        return "in-memory stack: nothing to recover";
    }
}
