package io.iron.engine.budget;

/**
 * Outcome of closing a lease (refresh, return, lapse, reclaim). {@code problem} is null on success.
 * {@code returnedMicros} must be credited back to the bank; {@code declaredMicros} is spend counted at close
 * (client-declared spend above the server's figure, or the whole remainder of a lapsed lease).
 */
public record Closing(String leaseId, LeaseProblem problem, long returnedMicros, long declaredMicros,
                      long finalSpentMicros) {
    public boolean ok() {
        return problem == null;
    }
}
