package io.iron.engine.demo;

import io.iron.engine.actor.ActorOptions;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.bank.InMemoryBank;
import io.iron.engine.journal.InMemoryJournal;
import io.iron.engine.journal.InMemoryLedgerStore;

/** Runs the seed scenario in process, against an in-memory bank, and prints what happened. */
public final class EngineDemo {
    private EngineDemo() {
    }

    public static void main(String[] args) throws InterruptedException {
        long agentId = 9999;
        long budgetMicros = 10_000;
        InMemoryBank bank = new InMemoryBank();
        bank.open(agentId, budgetMicros);
        try (ActorRegistry registry = new ActorRegistry(bank, new InMemoryJournal(), new InMemoryLedgerStore(),
                ActorOptions.defaults())) {
            System.out.println("CONCURRENT BUDGET TEST (in process)");
            System.out.println("  Threads: 10, model gpt-4o-mini, max_tokens 500, budget $0.010000 (10000 µ$)");
            SeedScenario.run(registry, agentId, budgetMicros, 10, 10, System.out).print(System.out);
            System.out.println();
            System.out.println("Second run, without resetting the budget:");
            SeedScenario.run(registry, agentId, budgetMicros, 10, 10, System.out).print(System.out);
        }
    }
}
