package io.iron.engine.bank;

/**
 * An agent's durable account, the reference's {@code agent_budgets} row: {@code allocatedMicros = drawnMicros +
 * remainingMicros}, where drawn (the reference's {@code total_spent}) is what leases took out minus what came back.
 */
public record BankAccount(long agentId, long allocatedMicros, long drawnMicros, long remainingMicros) {
    public BankAccount {
        if (allocatedMicros != drawnMicros + remainingMicros) {
            throw new IllegalStateException("agent " + agentId + ": allocated " + allocatedMicros + " != drawn "
                    + drawnMicros + " + remaining " + remainingMicros);
        }
    }
}
