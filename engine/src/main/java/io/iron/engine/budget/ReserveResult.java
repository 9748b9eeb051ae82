package io.iron.engine.budget;

/** Outcome of {@link AgentLedger#reserve}. */
public sealed interface ReserveResult {

    /** Reserved; settle or release it with {@code reservationId}. */
    record Reserved(String leaseId, long reservationId, long amountMicros, long availableAfterMicros)
            implements ReserveResult { }

    /** The reference's BudgetExceeded: {@code spent + reserved >= limit} (402 {@code budget_exceeded}). */
    record Exhausted(long spentMicros, long reservedMicros, long limitMicros) implements ReserveResult { }

    /** The reference's InsufficientBudget: the request's upper bound is above what is available (402). */
    record Insufficient(long availableMicros, long requestedMicros) implements ReserveResult { }

    /** The lease is missing, expired, revoked or closed. */
    record LeaseUnusable(String leaseId, LeaseProblem problem) implements ReserveResult { }
}
