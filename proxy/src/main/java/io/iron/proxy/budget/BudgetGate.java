package io.iron.proxy.budget;

import java.util.OptionalLong;

/**
 * The proxy's only way to move money: reserve an upper bound before a call is forwarded, then settle its actual
 * cost or release it. {@link ActorBudgetGate} does it through the agents' actors on their house leases; the edge
 * proxy uses the same gate over an actor registry whose bank is a remote control server.
 */
public interface BudgetGate {

    /**
     * Reserves {@code amountMicros} for one call of {@code agentId}.
     *
     * @throws io.iron.engine.actor.ActorBusyException when the agent's mailbox is full (answer 503)
     * @throws BudgetUnavailableException when the budget cannot be consulted (answer 503)
     */
    Admission reserve(long agentId, long amountMicros);

    /** Charges the actual cost; answers what was charged (the lease never bears more than it was granted). */
    long settle(Hold hold, long actualMicros);

    /** As {@link #settle(Hold, long)}, with what the call was (an edge proxy reports it to its control server). */
    default long settle(Hold hold, long actualMicros, CallFacts facts) {
        return settle(hold, actualMicros);
    }

    /** Gives the whole reservation back: the call was never billed. */
    void release(Hold hold);

    /**
     * What the agent can still reserve, a snapshot taken without a trip through its actor: once {@code hold} is
     * settled at {@code chargedMicros}, or, with {@code chargedMicros < 0}, while its reservation is still held.
     * Empty when unknown. It may lag changes made elsewhere (a top-up, another node) by a moment.
     */
    OptionalLong remainingMicros(Hold hold, long chargedMicros);
}
