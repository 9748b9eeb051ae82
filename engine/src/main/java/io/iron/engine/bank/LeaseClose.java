package io.iron.engine.bank;

import io.iron.engine.budget.LeaseStatus;

/**
 * The final figures of a closed lease, written to its row while {@code returnedMicros} goes back to the account.
 * {@code reason} is recorded for reclaims ("who and why"), null otherwise.
 */
public record LeaseClose(long agentId, String leaseId, LeaseStatus status, long spentMicros, long returnedMicros,
                         long nowMillis, String reason) {
}
