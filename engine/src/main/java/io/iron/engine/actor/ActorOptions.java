package io.iron.engine.actor;

/**
 * Limits of the actors. {@code mailboxCapacity}: messages waiting per agent before callers get "busy".
 * {@code maxBatch}: messages applied per journal append. {@code idleMillis}: an actor with nothing in flight
 * that long is passivated. {@code houseTrancheMicros}: how much the built-in proxy draws into its house lease at a
 * time (at least one request's reservation). {@code houseTtlMillis}: the house lease's time to live (extended by use).
 */
public record ActorOptions(int mailboxCapacity, int maxBatch, long idleMillis, long houseTrancheMicros,
                           long houseTtlMillis) {

    public static ActorOptions defaults() {
        return new ActorOptions(4096, 256, 30_000, 1_000_000, 3_600_000);
    }

    public ActorOptions {
        if (mailboxCapacity < 1 || maxBatch < 1 || idleMillis < 0 || houseTrancheMicros < 0 || houseTtlMillis < 0) {
            throw new IllegalArgumentException("bad actor options " + this);
        }
    }

    public ActorOptions withIdleMillis(long v) {
        return new ActorOptions(mailboxCapacity, maxBatch, v, houseTrancheMicros, houseTtlMillis);
    }

    public ActorOptions withMailboxCapacity(int v) {
        return new ActorOptions(v, maxBatch, idleMillis, houseTrancheMicros, houseTtlMillis);
    }

    public ActorOptions withHouseTrancheMicros(long v) {
        return new ActorOptions(mailboxCapacity, maxBatch, idleMillis, v, houseTtlMillis);
    }
}
