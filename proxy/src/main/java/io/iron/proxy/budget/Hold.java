package io.iron.proxy.budget;

/**
 * A reservation the proxy holds for one call: settle it or release it, exactly once. {@code leaseAvailableMicros}
 * is what its lease still had free once it was taken (an edge proxy draws its next lease early when it runs low).
 */
public record Hold(long agentId, String leaseId, long reservationId, long amountMicros, long leaseAvailableMicros) {
}
