package io.iron.engine.budget;

/**
 * A broken money invariant. Never caught to carry on: the state that produced it is discarded (TigerBeetle's habit:
 * crash loudly rather than corrupt money).
 */
public final class LedgerInvariantError extends AssertionError {
    public LedgerInvariantError(String message) {
        super(message);
    }
}
