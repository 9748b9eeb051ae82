package io.iron.engine.actor;

import io.iron.engine.budget.Closing;
import io.iron.engine.budget.ReportResult;
import io.iron.engine.budget.SettleResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random concurrent interleavings: many agents, many threads, house-lease calls settling below, at and above their
 * reservation, REST leases with duplicate reports, refreshes and returns racing with reservations. After the race,
 * every invariant is checked and every charge a caller was told about must add up to what the leases spent.
 * Run with {@code -Diron.test.unserialized=true} to see it fail when the actors' serialization is removed.
 */
class ConcurrentLedgerProperties {

    sealed interface Work { }

    /** What the built-in proxy does per request: reserve on the house lease, then settle or release. */
    record Call(int agent, long reserveMicros, int settlePercent) implements Work { }

    /** What a REST runtime does: handshake, report (keys repeat: duplicates), maybe refresh, then return. */
    record LeaseLife(int agent, long requestedMicros, List<Integer> reportKeys, long reportMicros, boolean refresh,
                     long clientSpentMicros) implements Work { }

    @Property(tries = 40)
    void racingCommandsNeverOverspendNorLoseNorDoubleCount(
            @ForAll @IntRange(min = 1, max = 6) int agents,
            @ForAll @IntRange(min = 2, max = 16) int threads,
            @ForAll @Size(min = 1, max = 16) List<@net.jqwik.api.From("scripts") List<Work>> scripts,
            @ForAll("budgets") long allocatedMicros) throws InterruptedException {
        try (LedgerHarness h = new LedgerHarness(ActorOptions.defaults().withHouseTrancheMicros(700))) {
            for (long a = 1; a <= agents; a++) {
                h.bank.open(a, allocatedMicros);
            }
            AtomicLong chargedSeen = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Work> script = scripts.get(t % scripts.size());
                workers.add(Thread.ofVirtual().start(() -> {
                    try {
                        start.await();
                        for (Work w : script) {
                            chargedSeen.addAndGet(run(h.registry, w, agents));
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            assertTrue(errors.isEmpty(), () -> "callers saw errors: " + errors);
            long spent = 0;
            for (long a = 1; a <= agents; a++) {
                var usage = h.checkAgent(a, allocatedMicros);
                assertEquals(0, usage.reservedMicros(), "every reservation was settled or released");
                spent += usage.spentMicros();
            }
            assertEquals(chargedSeen.get(), spent, "charges answered to callers != spent");
        }
    }

    private static long run(ActorRegistry r, Work w, int agents) {
        return switch (w) {
            case Call c -> {
                long agent = 1 + c.agent() % agents;
                var out = r.ask(agent, new AgentCommand.Reserve(null, c.reserveMicros()));
                if (!(out instanceof Outcomes.Reserved ok)) {
                    yield 0;
                }
                if (c.settlePercent() == 0) {
                    r.ask(agent, new AgentCommand.Release(ok.leaseId(), ok.reservationId()));
                    yield 0;
                }
                long actual = c.reserveMicros() * c.settlePercent() / 100;
                SettleResult s = r.ask(agent, new AgentCommand.Settle(ok.leaseId(), ok.reservationId(), actual));
                yield s.chargedMicros();
            }
            case LeaseLife l -> {
                long agent = 1 + l.agent() % agents;
                var out = r.ask(agent, new AgentCommand.Handshake(l.requestedMicros(), 0));
                if (!(out instanceof Outcomes.Granted g)) {
                    yield 0;
                }
                long charged = 0;
                String lease = g.leaseId();
                for (int key : l.reportKeys()) {
                    ReportResult rr = r.ask(agent, new AgentCommand.Report(lease, "req-" + key, l.reportMicros()));
                    charged += LedgerHarness.charged(rr);
                }
                if (l.refresh()) {
                    var rf = r.ask(agent, new AgentCommand.Refresh(lease, l.requestedMicros(), 0));
                    if (rf instanceof Outcomes.Refreshed ok) {
                        lease = ok.newLeaseId();
                    }
                }
                Closing c = r.ask(agent, new AgentCommand.Return(lease, l.clientSpentMicros()));
                yield charged + c.declaredMicros();
            }
        };
    }

    @Provide
    Arbitrary<Long> budgets() {
        return Arbitraries.longs().between(0, 50_000);
    }

    @Provide
    Arbitrary<List<Work>> scripts() {
        Arbitrary<Integer> agent = Arbitraries.integers().between(0, 5);
        Arbitrary<Work> call = Combinators.combine(agent, Arbitraries.longs().between(0, 2_000),
                Arbitraries.of(0, 50, 100, 100, 150, 300)).as(Call::new);
        Arbitrary<Work> life = Combinators.combine(agent, Arbitraries.longs().between(1, 5_000),
                Arbitraries.integers().between(0, 3).list().ofMaxSize(5), Arbitraries.longs().between(0, 800),
                Arbitraries.of(true, false), Arbitraries.longs().between(0, 3_000)).as(LeaseLife::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, call), net.jqwik.api.Tuple.of(1, life))
                .list().ofMinSize(1).ofMaxSize(40);
    }
}
