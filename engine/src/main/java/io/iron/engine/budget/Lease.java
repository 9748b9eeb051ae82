package io.iron.engine.budget;

import java.util.HashMap;
import java.util.Map;

/**
 * One lease: money granted out of an agent's bank account, spent locally. Mutated only by {@link AgentLedger}, which
 * is only ever touched by one thread at a time (the agent's actor).
 * <p>Invariant: {@code 0 <= spentMicros}, {@code 0 <= reservedMicros}, {@code spentMicros + reservedMicros <= grantedMicros},
 * {@code reservedMicros == sum(openReservations)}, {@code returnedMicros <= grantedMicros - spentMicros - reservedMicros}
 * once closed.
 */
public final class Lease {
    private final String leaseId;
    private final long agentId;
    private final long grantedMicros;
    private final long createdAtMillis;
    private final long ttlMillis;
    long spentMicros;
    long reservedMicros;
    long returnedMicros;
    long overrunMicros;
    long expiresAtMillis;
    LeaseStatus status = LeaseStatus.ACTIVE;
    final Map<Long, Long> openReservations = new HashMap<>();
    final Map<String, Long> reportsByRequestId = new HashMap<>();

    Lease(String leaseId, long agentId, long grantedMicros, long createdAtMillis, long ttlMillis) {
        this.leaseId = leaseId;
        this.agentId = agentId;
        this.grantedMicros = grantedMicros;
        this.createdAtMillis = createdAtMillis;
        this.ttlMillis = ttlMillis;
        this.expiresAtMillis = ttlMillis > 0 ? Math.addExact(createdAtMillis, ttlMillis) : 0;
    }

    public String leaseId() {
        return leaseId;
    }

    public long agentId() {
        return agentId;
    }

    public long grantedMicros() {
        return grantedMicros;
    }

    public long spentMicros() {
        return spentMicros;
    }

    public long reservedMicros() {
        return reservedMicros;
    }

    /** What went back to the bank when the lease closed (0 while active). */
    public long returnedMicros() {
        return returnedMicros;
    }

    /** Settlements above what the lease could bear (only possible if a reservation was not a true upper bound). */
    public long overrunMicros() {
        return overrunMicros;
    }

    public long availableMicros() {
        return grantedMicros - spentMicros - reservedMicros;
    }

    public LeaseStatus status() {
        return status;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    public long ttlMillis() {
        return ttlMillis;
    }

    /** 0 when the lease has no time to live. */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    public int openReservationCount() {
        return openReservations.size();
    }

    public boolean isActive() {
        return status == LeaseStatus.ACTIVE;
    }

    /** Read-only view of a report already accepted under this idempotency key, or null. */
    public Long reportedCost(String requestId) {
        return reportsByRequestId.get(requestId);
    }

    void checkInvariants() {
        if (spentMicros < 0 || reservedMicros < 0 || returnedMicros < 0) {
            throw new LedgerInvariantError("negative amount on " + this);
        }
        if (spentMicros + reservedMicros + returnedMicros > grantedMicros) {
            throw new LedgerInvariantError("spent + reserved + returned > granted on " + this);
        }
        long sum = 0;
        for (long r : openReservations.values()) {
            sum += r;
        }
        if (sum != reservedMicros) {
            throw new LedgerInvariantError("open reservations sum " + sum + " != reserved on " + this);
        }
    }

    @Override
    public String toString() {
        return "Lease[" + leaseId + " agent=" + agentId + " " + status.wire() + " granted=" + grantedMicros
                + " spent=" + spentMicros + " reserved=" + reservedMicros + " returned=" + returnedMicros
                + " open=" + openReservations.size() + "]";
    }
}
