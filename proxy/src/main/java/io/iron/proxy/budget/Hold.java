package io.iron.proxy.budget;

/** A reservation the proxy holds for one call: settle it or release it, exactly once. */
public record Hold(long agentId, String leaseId, long reservationId, long amountMicros) {
}
