package io.iron.engine.bank;

/** No account for this agent: the agent does not exist or has no budget row. */
public final class UnknownAgentException extends RuntimeException {
    private final long agentId;

    public UnknownAgentException(long agentId) {
        super("agent " + agentId + " has no budget");
        this.agentId = agentId;
    }

    public long agentId() {
        return agentId;
    }
}
