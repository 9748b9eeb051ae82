package io.iron.engine.actor;

import io.iron.engine.bank.BankAccount;
import io.iron.engine.budget.LeaseProblem;
import io.iron.engine.budget.LeaseStatus;

import java.util.List;

/** What actors answer. */
public final class Outcomes {
    private Outcomes() {
    }

    public sealed interface HandshakeOutcome { }

    public record Granted(String leaseId, long grantedMicros, long bankRemainingMicros, long expiresAtMillis)
            implements HandshakeOutcome { }

    /** Nothing left to grant; the account as it stands (null when the agent has no budget row). */
    public record Denied(BankAccount account) implements HandshakeOutcome { }

    public sealed interface RefreshOutcome { }

    public record Refreshed(String newLeaseId, long grantedMicros, long bankRemainingMicros, long expiresAtMillis)
            implements RefreshOutcome { }

    public record RefreshDenied(long bankRemainingMicros) implements RefreshOutcome { }

    public record RefreshRefused(LeaseProblem problem) implements RefreshOutcome { }

    /**
     * Outcome of a reservation. Blocked outcomes carry the agent-level figures for the 402 message: what is spent,
     * reserved, the limit and what is available (house lease plus bank for the house lease; the lease alone otherwise).
     */
    public sealed interface ReserveOutcome { }

    public record Reserved(String leaseId, long reservationId, long amountMicros, long availableAfterMicros)
            implements ReserveOutcome { }

    /** The reference's {@code budget_exceeded}: spent + reserved >= limit. */
    public record Exhausted(long spentMicros, long reservedMicros, long limitMicros) implements ReserveOutcome { }

    /** The reference's {@code insufficient_budget}: the upper bound is above what is available. */
    public record Insufficient(long availableMicros, long requestedMicros) implements ReserveOutcome { }

    public record Unusable(String leaseId, LeaseProblem problem) implements ReserveOutcome { }

    public record LeaseView(String leaseId, LeaseStatus status, long grantedMicros, long spentMicros,
                            long reservedMicros, long expiresAtMillis, boolean house) { }

    /** Per-agent usage: the account (null if none) and the leases this node holds in memory. */
    public record AgentUsage(long agentId, BankAccount account, long spentMicros, long reservedMicros,
                             List<LeaseView> leases) { }
}
