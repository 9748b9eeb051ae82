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
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random command sequences through an agent's actor, checking every invariant after every step. Operations are
 * records so a shrunk counterexample reads as a script: {@code [Open[requestedMicros=...], Reserve[...], ...]}.
 */
class LedgerCommandProperties {
    private static final long AGENT = 7;

    sealed interface Op { }

    record Open(long requestedMicros, long ttlMillis) implements Op { }

    record Reserve(int lease, long amountMicros) implements Op { }

    record ReserveHouse(long amountMicros) implements Op { }

    /** Settle a reservation at {@code percent} of its amount (0..250: below, at and above). */
    record Settle(int reservation, int percent) implements Op { }

    record Release(int reservation) implements Op { }

    record Report(int lease, int requestKey, long costMicros) implements Op { }

    record Refresh(int lease, long requestedMicros) implements Op { }

    record Return(int lease, long clientSpentMicros) implements Op { }

    record Reclaim(int lease) implements Op { }

    record Advance(long millis) implements Op { }

    @Property(tries = 300)
    void everyStepKeepsTheMoneyExact(@ForAll("budgets") long allocatedMicros,
                                     @ForAll @Size(min = 1, max = 60) List<@net.jqwik.api.From("ops") Op> script) {
        try (LedgerHarness h = new LedgerHarness(ActorOptions.defaults().withHouseTrancheMicros(500))) {
            h.bank.open(AGENT, allocatedMicros);
            List<String> leases = new ArrayList<>();
            List<long[]> reservations = new ArrayList<>(); // {leaseIndex, reservationId, amount}
            List<String> reservationLeases = new ArrayList<>();
            long chargedSeen = 0;
            for (Op op : script) {
                Object result = apply(h, op, leases, reservations, reservationLeases);
                chargedSeen += LedgerHarness.charged(result);
                var usage = h.checkAgent(AGENT, allocatedMicros);
                long lapsed = h.journal.records().stream()
                        .filter(rec -> rec.kind() == io.iron.engine.journal.JournalRecord.Kind.EXPIRE)
                        .mapToLong(io.iron.engine.journal.JournalRecord::amountMicros).sum();
                assertEquals(chargedSeen + lapsed, usage.spentMicros(),
                        "charges answered to callers (+ lapsed leases) != spent after " + op);
            }
        }
    }

    private static Object apply(LedgerHarness h, Op op, List<String> leases, List<long[]> reservations,
                                List<String> reservationLeases) {
        ActorRegistry r = h.registry;
        return switch (op) {
            case Open o -> {
                var out = r.ask(AGENT, new AgentCommand.Handshake(o.requestedMicros(), o.ttlMillis()));
                if (out instanceof Outcomes.Granted g) {
                    leases.add(g.leaseId());
                }
                yield out;
            }
            case Reserve rs -> {
                if (leases.isEmpty()) {
                    yield null;
                }
                String lease = leases.get(rs.lease() % leases.size());
                var out = r.ask(AGENT, new AgentCommand.Reserve(lease, rs.amountMicros()));
                if (out instanceof Outcomes.Reserved ok) {
                    reservations.add(new long[] {ok.reservationId(), ok.amountMicros()});
                    reservationLeases.add(lease);
                }
                yield out;
            }
            case ReserveHouse rh -> {
                var out = r.ask(AGENT, new AgentCommand.Reserve(null, rh.amountMicros()));
                if (out instanceof Outcomes.Reserved ok) {
                    reservations.add(new long[] {ok.reservationId(), ok.amountMicros()});
                    reservationLeases.add(ok.leaseId());
                }
                yield out;
            }
            case Settle s -> {
                if (reservations.isEmpty()) {
                    yield null;
                }
                int i = s.reservation() % reservations.size();
                long[] res = reservations.get(i);
                long actual = res[1] * s.percent() / 100;
                SettleResult out = r.ask(AGENT, new AgentCommand.Settle(reservationLeases.get(i), res[0], actual));
                yield out;
            }
            case Release rl -> {
                if (reservations.isEmpty()) {
                    yield null;
                }
                int i = rl.reservation() % reservations.size();
                yield r.ask(AGENT, new AgentCommand.Release(reservationLeases.get(i), reservations.get(i)[0]));
            }
            case Report rp -> {
                if (leases.isEmpty()) {
                    yield null;
                }
                String lease = leases.get(rp.lease() % leases.size());
                ReportResult out = r.ask(AGENT, new AgentCommand.Report(lease, "req-" + rp.requestKey(),
                        rp.costMicros()));
                yield out;
            }
            case Refresh rf -> {
                if (leases.isEmpty()) {
                    yield null;
                }
                var out = r.ask(AGENT, new AgentCommand.Refresh(leases.get(rf.lease() % leases.size()),
                        rf.requestedMicros(), 0));
                if (out instanceof Outcomes.Refreshed ok) {
                    leases.add(ok.newLeaseId());
                }
                yield out;
            }
            case Return rt -> {
                if (leases.isEmpty()) {
                    yield null;
                }
                Closing c = r.ask(AGENT, new AgentCommand.Return(leases.get(rt.lease() % leases.size()),
                        rt.clientSpentMicros()));
                yield c;
            }
            case Reclaim rc -> {
                if (leases.isEmpty()) {
                    yield null;
                }
                yield r.ask(AGENT, new AgentCommand.Reclaim(leases.get(rc.lease() % leases.size()), "test"));
            }
            case Advance a -> {
                h.clock.addAndGet(a.millis());
                Integer lapsed = r.ask(AGENT, new AgentCommand.Expire());
                yield lapsed;
            }
        };
    }

    @Provide
    Arbitrary<Long> budgets() {
        return Arbitraries.longs().between(0, 20_000);
    }

    @Provide
    Arbitrary<Op> ops() {
        Arbitrary<Integer> idx = Arbitraries.integers().between(0, 7);
        Arbitrary<Long> amount = Arbitraries.longs().between(0, 3_000);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Combinators.combine(amount, Arbitraries.of(0L, 0L, 10_000L))
                        .as(Open::new)),
                net.jqwik.api.Tuple.of(5, Combinators.combine(idx, amount).as(Reserve::new)),
                net.jqwik.api.Tuple.of(4, amount.map(ReserveHouse::new)),
                net.jqwik.api.Tuple.of(6, Combinators.combine(idx, Arbitraries.integers().between(0, 250))
                        .as(Settle::new)),
                net.jqwik.api.Tuple.of(2, idx.map(Release::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(idx, Arbitraries.integers().between(0, 3), amount)
                        .as(Report::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(idx, amount).as(Refresh::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(idx, amount).as(Return::new)),
                net.jqwik.api.Tuple.of(1, idx.map(Reclaim::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(1_000L, 20_000L).map(Advance::new)));
    }
}
