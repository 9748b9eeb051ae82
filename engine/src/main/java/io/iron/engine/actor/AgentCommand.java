package io.iron.engine.actor;

/**
 * A message to an agent's actor; {@code R} is what the caller gets back. A null lease id in {@link Reserve} means
 * the agent's house lease: the one the built-in proxy spends, drawn and refreshed from the bank as needed.
 */
public sealed interface AgentCommand<R> {

    /** Draw a new lease (REST handshake). */
    record Handshake(long requestedMicros, long ttlMillis) implements AgentCommand<Outcomes.HandshakeOutcome> { }

    record Reserve(String leaseId, long amountMicros) implements AgentCommand<Outcomes.ReserveOutcome> { }

    record Settle(String leaseId, long reservationId, long actualMicros)
            implements AgentCommand<io.iron.engine.budget.SettleResult> { }

    record Release(String leaseId, long reservationId) implements AgentCommand<io.iron.engine.budget.SettleResult> { }

    record Report(String leaseId, String requestId, long costMicros)
            implements AgentCommand<io.iron.engine.budget.ReportResult> { }

    record Refresh(String leaseId, long requestedMicros, long ttlMillis)
            implements AgentCommand<Outcomes.RefreshOutcome> { }

    record Return(String leaseId, long clientSpentMicros) implements AgentCommand<io.iron.engine.budget.Closing> { }

    record Reclaim(String leaseId, String reason) implements AgentCommand<io.iron.engine.budget.Closing> { }

    /** A snapshot of the agent's figures. */
    record Usage() implements AgentCommand<Outcomes.AgentUsage> { }

    /** Hand the house lease back to the bank (shutdown); answers the µ$ returned. */
    record ReturnHouseLease() implements AgentCommand<Long> { }

    /** Lapse leases past their TTL (D13); answers how many. */
    record Expire() implements AgentCommand<Integer> { }
}
