package io.iron.engine.store.directory;

import io.iron.engine.store.db.Database;

import java.util.Objects;

/**
 * Who is who, over the reference tables: agents (and their IC token hashes), provider keys, owners' limits, report
 * receipts and revoked user JWTs. Plain JDBC with SQL that both SQLite and PostgreSQL accept. Money itself moves
 * through the bank and the agents' actors, never through here; the one exception is opening a new agent's account.
 * Thread-safe: every call borrows a pooled connection for one statement.
 */
public final class Directory {
    private final Agents agents;
    private final ProviderKeys providerKeys;
    private final OwnerLimits ownerLimits;
    private final ReportReceipts reportReceipts;
    private final RevokedUserTokens revokedUserTokens;

    public Directory(Database db) {
        JdbcCalls jdbc = new JdbcCalls(Objects.requireNonNull(db, "db"));
        this.agents = new Agents(jdbc);
        this.providerKeys = new ProviderKeys(jdbc);
        this.ownerLimits = new OwnerLimits(jdbc);
        this.reportReceipts = new ReportReceipts(jdbc);
        this.revokedUserTokens = new RevokedUserTokens(jdbc);
    }

    public Agents agents() {
        return agents;
    }

    public ProviderKeys providerKeys() {
        return providerKeys;
    }

    public OwnerLimits ownerLimits() {
        return ownerLimits;
    }

    public ReportReceipts reportReceipts() {
        return reportReceipts;
    }

    public RevokedUserTokens revokedUserTokens() {
        return revokedUserTokens;
    }
}
