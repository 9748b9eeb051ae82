package io.iron.engine.journal;

import io.iron.engine.budget.AgentLedger;

import java.util.concurrent.ConcurrentHashMap;

/** Keeps passivated ledgers in memory. */
public final class InMemoryLedgerStore implements LedgerStore {
    private final ConcurrentHashMap<Long, AgentLedger> parked = new ConcurrentHashMap<>();

    @Override
    public AgentLedger load(long agentId) {
        AgentLedger l = parked.remove(agentId);
        return l != null ? l : new AgentLedger(agentId);
    }

    @Override
    public void passivated(AgentLedger ledger) {
        parked.put(ledger.agentId(), ledger);
    }
}
