package io.iron.engine.demo;

import io.iron.engine.actor.ActorOptions;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.InMemoryBank;
import io.iron.engine.journal.InMemoryJournal;
import io.iron.engine.journal.InMemoryLedgerStore;
import org.junit.jupiter.api.RepeatedTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's test in process: 10 threads, a 10_000 µ$ budget, gpt-4o-mini with max_tokens 500, until blocked.
 * Each call costs 301 µ$ and reserves a true upper bound r (a little more). Whatever the interleaving, 33 calls
 * succeed: a thread with calls of others in flight may be refused early, but those others try again after they
 * settle, so the last thread refused has nothing in flight beside it and is refused only when
 * 10_000 - 301·settled < r, which for 301 < r <= 368 means settled = 33.
 * Run with {@code -Diron.test.unserialized=true} to watch it fail without the actors' serialization.
 */
class SeedScenarioTest {

    @RepeatedTest(100)
    void tenThreadsDrainTenThousandMicrosAndAllEndBlocked() throws InterruptedException {
        long agent = 9999;
        InMemoryBank bank = new InMemoryBank();
        bank.open(agent, 10_000);
        ActorOptions options = ActorOptions.defaults();
        boolean broken = Boolean.getBoolean("iron.test.unserialized");
        try (ActorRegistry registry = broken
                ? ActorRegistry.withoutSerializationForTests(bank, new InMemoryJournal(), new InMemoryLedgerStore(),
                options)
                : new ActorRegistry(bank, new InMemoryJournal(), new InMemoryLedgerStore(), options)) {
            SeedScenario.Result r = SeedScenario.run(registry, agent, 10_000, 10, 10, null);
            assertEquals(301, r.costPerCallMicros());
            assertTrue(r.reservePerCallMicros() > 301 && r.reservePerCallMicros() <= 368, "reserve " + r);
            assertEquals(0, r.errors(), "errors");
            assertEquals(10, r.blocked(), "every thread ends blocked");
            assertEquals(33, r.successes(), "successes");
            assertEquals(33 * 301, r.spentMicros());
            assertTrue(r.spentMicros() <= 10_000);
            assertEquals(10_000 - r.spentMicros(), r.returnedMicros(), "the return gives back exactly the rest");
            BankAccount after = bank.account(agent).orElseThrow();
            assertEquals(67, after.remainingMicros());
            assertEquals(9_933, after.drawnMicros());

            SeedScenario.Result second = SeedScenario.run(registry, agent, 10_000, 10, 10, null);
            assertEquals(0, second.successes(), "a second run gets only the remainder: blocked at once");
            assertEquals(10, second.blocked());
            assertEquals(67, bank.account(agent).orElseThrow().remainingMicros());
        }
    }
}
