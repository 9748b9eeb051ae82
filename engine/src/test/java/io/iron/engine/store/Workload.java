package io.iron.engine.store;

import java.util.List;
import java.util.SplittableRandom;

import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.budget.Closing;
import io.iron.engine.budget.ReportResult;
import io.iron.engine.budget.SettleResult;
import io.iron.engine.store.bank.ReclaimReason;

/**
 * What callers of a gateway do, at random: the built-in proxy's reserve-then-settle on the house lease (most of it),
 * REST runtimes' lease lives (handshake, reservations, usage reports with repeated keys, refresh, return) and
 * operator reclaims of a lease with a request in flight. Returns what callers were told was charged, and tells the
 * listener of every acknowledged settlement.
 */
public final class Workload {

    /** Hears each settlement the actor acknowledged (it is durable by then). */
    @FunctionalInterface
    public interface SettleListener {
        void settled(long agentId, String leaseId, long reservationId, long chargedMicros);
    }

    private final ActorRegistry registry;
    private final List<Long> agents;
    private final SettleListener listener;

    public Workload(ActorRegistry registry, List<Long> agents, SettleListener listener) {
        this.registry = registry;
        this.agents = agents;
        this.listener = listener;
    }

    /** One caller's action; returns the µ$ it was told were charged. */
    public long step(SplittableRandom rnd) {
        long agent = agents.get(rnd.nextInt(agents.size()));
        int dice = rnd.nextInt(100);
        if (dice < 75) {
            return houseCall(agent, rnd);
        }
        if (dice < 95) {
            return leaseLife(agent, rnd);
        }
        return reclaimWithRequestInFlight(agent, rnd);
    }

    private long houseCall(long agent, SplittableRandom rnd) {
        long reserve = 50 + rnd.nextInt(2_000);
        if (!(registry.ask(agent, new AgentCommand.Reserve(null, reserve)) instanceof Outcomes.Reserved r)) {
            return 0;
        }
        return finish(agent, r, rnd);
    }

    private long finish(long agent, Outcomes.Reserved r, SplittableRandom rnd) {
        if (rnd.nextInt(10) == 0) {
            registry.ask(agent, new AgentCommand.Release(r.leaseId(), r.reservationId()));
            return 0;
        }
        long actual = r.amountMicros() * rnd.nextInt(111) / 100; // up to 10% above the reservation
        SettleResult s = registry.ask(agent, new AgentCommand.Settle(r.leaseId(), r.reservationId(), actual));
        if (s.applied()) {
            listener.settled(agent, r.leaseId(), r.reservationId(), s.chargedMicros());
        }
        return s.chargedMicros();
    }

    private long leaseLife(long agent, SplittableRandom rnd) {
        long ttl = rnd.nextBoolean() ? 0 : 60_000;
        if (!(registry.ask(agent, new AgentCommand.Handshake(2_000 + rnd.nextInt(20_000), ttl))
                instanceof Outcomes.Granted g)) {
            return 0;
        }
        String lease = g.leaseId();
        long charged = 0;
        for (int i = rnd.nextInt(4); i > 0; i--) {
            if (registry.ask(agent, new AgentCommand.Reserve(lease, 100 + rnd.nextInt(900))) instanceof Outcomes.Reserved r) {
                charged += finish(agent, r, rnd);
            }
        }
        for (int i = rnd.nextInt(4); i > 0; i--) {
            ReportResult rr = registry.ask(agent, new AgentCommand.Report(lease, "req-" + rnd.nextInt(3), 10 + rnd.nextInt(300)));
            charged += rr instanceof ReportResult.Charged c ? c.costMicros() : 0;
        }
        if (rnd.nextInt(3) == 0 && registry.ask(agent, new AgentCommand.Refresh(lease, 1_000 + rnd.nextInt(10_000), ttl))
                instanceof Outcomes.Refreshed ok) {
            lease = ok.newLeaseId();
        }
        Closing c = registry.ask(agent, new AgentCommand.Return(lease, rnd.nextInt(3_000)));
        return charged + c.declaredMicros();
    }

    private long reclaimWithRequestInFlight(long agent, SplittableRandom rnd) {
        if (!(registry.ask(agent, new AgentCommand.Handshake(5_000, 0)) instanceof Outcomes.Granted g)) {
            return 0;
        }
        if (!(registry.ask(agent, new AgentCommand.Reserve(g.leaseId(), 1_000)) instanceof Outcomes.Reserved r)) {
            return 0;
        }
        registry.ask(agent, new AgentCommand.Reclaim(g.leaseId(), new ReclaimReason("test", "reclaim under load").encode()));
        return finish(agent, r, rnd); // settles on the revoked lease: what it did not use goes back late
    }
}
