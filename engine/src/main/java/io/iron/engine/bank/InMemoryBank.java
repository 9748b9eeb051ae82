package io.iron.engine.bank;

import io.iron.engine.budget.LeaseStatus;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A bank held in memory, for tests, benchmarks and the in-process demo. Synchronized: bank calls are rare next to
 * reservations (one per lease, not one per request).
 */
public final class InMemoryBank implements Bank {
    private final Map<Long, long[]> accounts = new HashMap<>(); // agentId -> {allocated, drawn, remaining}
    private final Map<String, LeaseRow> leases = new HashMap<>();

    /** The lease rows as the bank recorded them. */
    public record LeaseRow(long agentId, String leaseId, long grantedMicros, LeaseStatus status, long spentMicros,
                           long returnedMicros, String reason) { }

    public synchronized void open(long agentId, long allocatedMicros) {
        if (allocatedMicros < 0) {
            throw new IllegalArgumentException("allocatedMicros must not be negative");
        }
        accounts.put(agentId, new long[] {allocatedMicros, 0, allocatedMicros});
    }

    /** Adds to (or, negative, takes from) an account's allocation and remaining; never below what is drawn. */
    public synchronized BankAccount topUp(long agentId, long deltaMicros) {
        long[] a = require(agentId);
        if (a[2] + deltaMicros < 0) {
            throw new IllegalArgumentException("cannot take " + (-deltaMicros) + " from agent " + agentId
                    + ": only " + a[2] + " remaining");
        }
        a[0] += deltaMicros;
        a[2] += deltaMicros;
        return view(agentId, a);
    }

    @Override
    public synchronized BankGrant grant(long agentId, long requestedMicros, long nowMillis, long ttlMillis,
                                        boolean house) {
        long[] a = require(agentId);
        long granted = Math.min(Math.max(0, requestedMicros), a[2]);
        if (granted == 0) {
            return new BankGrant(null, 0, 0, view(agentId, a));
        }
        a[1] += granted;
        a[2] -= granted;
        String id = LeaseIds.newLeaseId(house);
        leases.put(id, new LeaseRow(agentId, id, granted, LeaseStatus.ACTIVE, 0, 0, null));
        return new BankGrant(id, granted, ttlMillis > 0 ? nowMillis + ttlMillis : 0, view(agentId, a));
    }

    @Override
    public synchronized BankGrant refresh(long agentId, String oldLeaseId, long oldSpentMicros, long creditMicros,
                                          long requestedMicros, long nowMillis, long ttlMillis,
                                          boolean house) {
        long[] a = require(agentId);
        long granted = Math.min(Math.max(0, requestedMicros), a[2] + creditMicros);
        if (granted == 0) {
            return new BankGrant(null, 0, 0, view(agentId, a));
        }
        LeaseRow old = leases.get(oldLeaseId);
        leases.put(oldLeaseId, new LeaseRow(agentId, oldLeaseId, old.grantedMicros(), LeaseStatus.EXPIRED,
                oldSpentMicros, creditMicros, null));
        a[1] -= creditMicros;
        a[2] += creditMicros;
        return grant(agentId, requestedMicros, nowMillis, ttlMillis, house);
    }

    @Override
    public synchronized void close(LeaseClose c) {
        long[] a = require(c.agentId());
        LeaseRow old = leases.get(c.leaseId());
        leases.put(c.leaseId(), new LeaseRow(c.agentId(), c.leaseId(), old.grantedMicros(), c.status(),
                c.spentMicros(), c.returnedMicros(), c.reason()));
        a[1] -= c.returnedMicros();
        a[2] += c.returnedMicros();
    }

    @Override
    public synchronized void credit(long agentId, String leaseId, long amountMicros, long nowMillis) {
        long[] a = require(agentId);
        LeaseRow old = leases.get(leaseId);
        leases.put(leaseId, new LeaseRow(agentId, leaseId, old.grantedMicros(), old.status(), old.spentMicros(),
                old.returnedMicros() + amountMicros, old.reason()));
        a[1] -= amountMicros;
        a[2] += amountMicros;
    }

    @Override
    public synchronized Optional<BankAccount> account(long agentId) {
        long[] a = accounts.get(agentId);
        return a == null ? Optional.empty() : Optional.of(view(agentId, a));
    }

    @Override
    public synchronized OptionalLong agentOfLease(String leaseId) {
        LeaseRow row = leases.get(leaseId);
        return row == null ? OptionalLong.empty() : OptionalLong.of(row.agentId());
    }

    public synchronized Optional<LeaseRow> leaseRow(String leaseId) {
        return Optional.ofNullable(leases.get(leaseId));
    }

    private long[] require(long agentId) {
        long[] a = accounts.get(agentId);
        if (a == null) {
            throw new UnknownAgentException(agentId);
        }
        return a;
    }

    private static BankAccount view(long agentId, long[] a) {
        return new BankAccount(agentId, a[0], a[1], a[2]);
    }
}
