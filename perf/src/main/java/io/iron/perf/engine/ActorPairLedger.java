package io.iron.perf.engine;

import io.iron.engine.actor.ActorOptions;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.bank.InMemoryBank;
import io.iron.engine.budget.SettleResult;
import io.iron.engine.journal.InMemoryJournal;
import io.iron.engine.journal.InMemoryLedgerStore;

import java.util.concurrent.CompletableFuture;

/**
 * The real per-agent actors (in-memory bank, discarding journal) behind the pair interface. Reservations go to the
 * agent's house lease, as the built-in proxy does. The house tranche is the whole budget so the bank is touched once
 * per agent (at warm-up), like the baselines, which have no bank at all.
 */
final class ActorPairLedger implements PairLedger {
    private final ActorRegistry registry;
    private final int agents;

    ActorPairLedger(int agents, long budgetMicros) {
        this.agents = agents;
        InMemoryBank bank = new InMemoryBank();
        for (int a = 0; a < agents; a++) {
            bank.open(a, budgetMicros);
        }
        ActorOptions options = ActorOptions.defaults()
                .withHouseTrancheMicros(budgetMicros)
                .withMailboxCapacity(1 << 16) // 64 callers × 64 pipelined pairs on one hot agent must not be "busy"
                .withIdleMillis(600_000);     // no passivation in the middle of a measurement
        this.registry = new ActorRegistry(bank, InMemoryJournal.discarding(), new InMemoryLedgerStore(), options);
        for (int a = 0; a < agents; a++) { // start every actor and draw its house lease before measuring
            settle(reserve(a, 1), 0);
        }
    }

    @Override
    public Hold reserve(int agent, long amountMicros) {
        return hold(agent, registry.ask(agent, new AgentCommand.Reserve(null, amountMicros)));
    }

    @Override
    public void settle(Hold hold, long actualMicros) {
        SettleResult r = registry.ask(hold.agent(),
                new AgentCommand.Settle(hold.leaseId(), hold.reservationId(), actualMicros));
        if (!r.applied()) {
            throw new IllegalStateException("agent " + hold.agent() + ": settlement not applied " + r);
        }
    }

    @Override
    public CompletableFuture<Void> pairAsync(int agent, long reserveMicros, long actualMicros) {
        // The settle is sent from the completion of the reserve (on the actor's thread), so the pair never waits
        // for the caller to be scheduled again.
        return registry.send(agent, new AgentCommand.Reserve(null, reserveMicros))
                .thenCompose(o -> {
                    Hold h = hold(agent, o);
                    return registry.send(agent, new AgentCommand.Settle(h.leaseId(), h.reservationId(), actualMicros));
                })
                .thenAccept(r -> {
                    if (!r.applied()) {
                        throw new IllegalStateException("agent " + agent + ": settlement not applied " + r);
                    }
                });
    }

    private static Hold hold(int agent, Outcomes.ReserveOutcome o) {
        if (o instanceof Outcomes.Reserved r) {
            return new Hold(agent, r.leaseId(), r.reservationId(), r.amountMicros());
        }
        throw new IllegalStateException("agent " + agent + " blocked: " + o + " (budget too small for the run)");
    }

    @Override
    public long spentMicros() {
        long s = 0;
        for (int a = 0; a < agents; a++) {
            s += registry.ask(a, new AgentCommand.Usage()).spentMicros();
        }
        return s;
    }

    @Override
    public long reservedMicros() {
        long s = 0;
        for (int a = 0; a < agents; a++) {
            s += registry.ask(a, new AgentCommand.Usage()).reservedMicros();
        }
        return s;
    }

    @Override
    public void close() {
        registry.close();
    }
}
