package io.iron.perf.engine;

import java.util.concurrent.CompletableFuture;

/**
 * What the pair benchmarks drive: reserve an upper bound on one agent, then settle the actual cost. One interface
 * over the actors and over the two baselines, so a single benchmark body measures all three on the same workload.
 */
public interface PairLedger extends AutoCloseable {

    /** Reserves {@code amountMicros} on {@code agent}; throws {@link IllegalStateException} if the budget blocks. */
    Hold reserve(int agent, long amountMicros);

    /** Settles a reservation at {@code actualMicros}. */
    void settle(Hold hold, long actualMicros);

    /**
     * One reserve then settle, without blocking the caller; the future completes when the settlement is done.
     * Synchronous ledgers simply run the pair and answer a completed future.
     */
    default CompletableFuture<Void> pairAsync(int agent, long reserveMicros, long actualMicros) {
        settle(reserve(agent, reserveMicros), actualMicros);
        return CompletableFuture.completedFuture(null);
    }

    /** Sum over agents of what settlements charged. */
    long spentMicros();

    /** Sum over agents of what is still reserved (0 once every caller has settled). */
    long reservedMicros();

    @Override
    void close();

    /** A reservation held: {@code leaseId} and {@code reservationId} are the actor's, unused by the baselines. */
    record Hold(int agent, String leaseId, long reservationId, long reservedMicros) { }

    /** Every benchmark names its implementation with one of these. */
    static PairLedger create(String impl, int agents, long budgetMicros) {
        return switch (impl) {
            case "actor" -> new ActorPairLedger(agents, budgetMicros);
            case "synchronized" -> new io.iron.perf.engine.baseline.SynchronizedLedger(agents, budgetMicros);
            case "cas" -> new io.iron.perf.engine.baseline.CasLedger(agents, budgetMicros);
            default -> throw new IllegalArgumentException("impl must be actor, synchronized or cas, was '"
                    + impl + "'");
        };
    }
}
