package io.iron.engine.store.bank;

import io.iron.engine.bank.LeaseIds;
import io.iron.engine.budget.LeaseStatus;

/**
 * A {@code budget_leases} row, every column. Nullable columns are {@code Long} (null = SQL NULL).
 * {@code spentMicros} is durable spent: the journal writer adds each batch's charges in the same transaction.
 * {@code expiresAtMillis} is the expiry set at grant ({@code created_at + ttl}); use moves the real expiry on to
 * {@code updated_at + ttl} (see {@link #effectiveExpiresAtMillis()}).
 */
public record LeaseRow(String leaseId, long agentId, long budgetId, long grantedMicros, long spentMicros,
                       LeaseStatus status, long createdAtMillis, Long expiresAtMillis, long returnedMicros,
                       Long closedAtMillis, Long updatedAtMillis) {

    public boolean house() {
        return LeaseIds.isHouse(leaseId);
    }

    /** The lease's time to live, 0 when it has none. */
    public long ttlMillis() {
        return expiresAtMillis == null ? 0 : Math.max(0, expiresAtMillis - createdAtMillis);
    }

    /** When the lease lapses if not used again: its last use plus its TTL; 0 when it has no TTL. */
    public long effectiveExpiresAtMillis() {
        if (expiresAtMillis == null) {
            return 0;
        }
        long lastUse = updatedAtMillis == null ? createdAtMillis : updatedAtMillis;
        return Math.max(expiresAtMillis, lastUse + ttlMillis());
    }
}
