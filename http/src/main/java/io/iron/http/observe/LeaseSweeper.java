package io.iron.http.observe;

import io.iron.engine.actor.ActorBusyException;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.actor.AgentCommand;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Closes leases whose time to live ran out without a return (D13): every period it asks the store which agents hold
 * an active lease past its {@code expires_at} and sends each of them {@link AgentCommand.Expire}. The actor decides
 * with its own (fresher) figures, so a lease that was used since the row was written is left alone.
 */
public final class LeaseSweeper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LeaseSweeper.class.getName());

    private final ActorRegistry registry;
    private final LongFunction<Collection<Long>> agentsWithLapsedLeases;
    private final java.util.function.LongSupplier clockMillis;
    private final ServerMetrics metrics;
    private final ScheduledExecutorService timer;

    /**
     * @param agentsWithLapsedLeases given now in ms, the agents holding an active lease whose expires_at is before it
     */
    public LeaseSweeper(ActorRegistry registry, LongFunction<Collection<Long>> agentsWithLapsedLeases,
                        java.util.function.LongSupplier clockMillis, ServerMetrics metrics) {
        this.registry = registry;
        this.agentsWithLapsedLeases = agentsWithLapsedLeases;
        this.clockMillis = clockMillis;
        this.metrics = metrics;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("lease-sweeper").factory());
    }

    public LeaseSweeper start(Duration period) {
        timer.scheduleWithFixedDelay(this::sweepQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * One pass; answers how many agents were told to lapse their leases. (The actor lapses due leases before any
     * command it applies, so the count its Expire answers is not a count of closed leases; the lease rows are.)
     */
    public int sweep() {
        int agents = 0;
        for (long agentId : agentsWithLapsedLeases.apply(clockMillis.getAsLong())) {
            try {
                registry.ask(agentId, new AgentCommand.Expire());
                agents++;
                metrics.lapseSweep();
            } catch (ActorBusyException busy) {
                LOG.log(Level.DEBUG, "agent " + agentId + " busy; its lapsed leases close on its next command");
            }
        }
        return agents;
    }

    private void sweepQuietly() {
        try {
            int n = sweep();
            if (n > 0) {
                LOG.log(Level.INFO, n + " agent(s) had leases past their time to live closed (D13)");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "lease sweep failed; retrying next period", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
