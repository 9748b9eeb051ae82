package io.iron.engine.bank;

/**
 * A lease drawn out of the bank. {@code grantedMicros} may be less than requested (partial grant) or 0 (nothing
 * left: then no lease row exists and {@code leaseId} is null). {@code account} is the account after the draw.
 */
public record BankGrant(String leaseId, long grantedMicros, long expiresAtMillis, BankAccount account) {
    public boolean granted() {
        return grantedMicros > 0;
    }
}
