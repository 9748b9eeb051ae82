package io.iron.engine.bank;

import java.util.UUID;

/** Lease ids: the reference's {@code lease_<uuid v4>}; the built-in proxy's own leases say so in the id. */
public final class LeaseIds {
    public static final String PREFIX = "lease_";
    public static final String HOUSE_PREFIX = "lease_house_";

    private LeaseIds() {
    }

    public static String newLeaseId(boolean house) {
        return (house ? HOUSE_PREFIX : PREFIX) + UUID.randomUUID();
    }

    public static boolean isHouse(String leaseId) {
        return leaseId != null && leaseId.startsWith(HOUSE_PREFIX);
    }
}
