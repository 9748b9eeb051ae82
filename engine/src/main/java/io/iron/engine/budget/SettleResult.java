package io.iron.engine.budget;

/**
 * Outcome of a settle or release. {@code chargedMicros} went to the lease's spent; {@code overrunMicros} was billed
 * above what the lease could bear (a reservation that was not an upper bound: logged and counted, never charged past
 * the grant); {@code freedMicros} must be credited back to the bank (the lease closed while the request was in
 * flight). {@code applied} is false for an unknown or already counted reservation.
 */
public record SettleResult(String leaseId, long reservationId, long chargedMicros, long overrunMicros,
                           long freedMicros, boolean applied) {
}
