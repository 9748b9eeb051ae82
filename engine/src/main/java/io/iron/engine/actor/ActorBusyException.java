package io.iron.engine.actor;

/** The agent's mailbox is full: the caller should retry later (HTTP 503 with Retry-After). */
public final class ActorBusyException extends RuntimeException {
    public ActorBusyException(long agentId, int capacity) {
        super("agent " + agentId + " is busy: " + capacity + " requests already queued");
    }
}
