package io.iron.engine.journal;

import io.iron.engine.budget.AgentLedger;

/**
 * Where an agent's ledger comes from when its actor starts, and goes when it is passivated. The durable store
 * rebuilds it from lease rows and the journal (D14: reservations open at a crash count at their full amount).
 */
public interface LedgerStore {

    AgentLedger load(long agentId);

    /** The actor retired; its leases are all durable already. In-memory stores keep the object. */
    default void passivated(AgentLedger ledger) {
    }
}
