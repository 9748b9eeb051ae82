package io.iron.engine.budget;

/** Lease states, spelled on disk exactly as the reference's {@code budget_leases.lease_status}. */
public enum LeaseStatus {
    /** Granted and spendable. */
    ACTIVE("active"),
    /** Replaced by a refresh (its remainder went back to the bank), or lapsed past its TTL (counted spent, D13). */
    EXPIRED("expired"),
    /** Returned by its holder. */
    CLOSED("closed"),
    /** Withdrawn by an operator (reclaim). */
    REVOKED("revoked");

    private final String wire;

    LeaseStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static LeaseStatus fromWire(String s) {
        for (LeaseStatus st : values()) {
            if (st.wire.equals(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown lease_status '" + s + "'");
    }
}
