package io.iron.proxy.edge;

import io.iron.engine.bank.Bank;
import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.BankGrant;
import io.iron.engine.bank.LeaseClose;
import io.iron.engine.bank.LeaseIds;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A {@link Bank} that is a control server far away: a grant is a handshake, closing a lease is a return. The local
 * actor spends the leases as house leases (their local ids are the server's ids with the house prefix).
 *
 * <p>Refresh is a new handshake first (nothing changes if it is denied), then the return of the old lease declaring
 * as spent everything the actor did not hand back, reservations still in flight included: those calls settle
 * locally on the closed lease, and any part of their reservation they do not use is not handed back. That costs a
 * few reservations' slack per refresh and can never let the edge spend money the server gave back.
 */
public final class RemoteBank implements Bank {
    private static final System.Logger LOG = System.getLogger(RemoteBank.class.getName());

    private final ControlClient control;
    private final String provider;
    private final long agentId;
    private final Consumer<String> ipTokens;
    private final Map<String, ControlClient.Lease> leases = new HashMap<>(); // local id -> server lease
    private ControlClient.Lease prefetched;
    private long drawnMicros;
    private long remainingMicros;

    /** {@code first}: the start-up handshake's lease, or null when it was denied. */
    RemoteBank(ControlClient control, String provider, long agentId, ControlClient.Lease first,
               Consumer<String> ipTokens) {
        this.control = control;
        this.provider = provider;
        this.agentId = agentId;
        this.ipTokens = ipTokens;
        this.prefetched = first;
        this.remainingMicros = first == null ? 0 : first.remainingMicros();
    }

    static String localId(String serverLeaseId) {
        String rest = serverLeaseId.startsWith(LeaseIds.PREFIX) ? serverLeaseId.substring(LeaseIds.PREFIX.length())
                : serverLeaseId;
        return LeaseIds.HOUSE_PREFIX + rest;
    }

    /** The server's id of a local lease id, or null for a lease this bank did not grant. */
    synchronized String serverId(String localLeaseId) {
        ControlClient.Lease l = leases.get(localLeaseId);
        return l == null ? null : l.leaseId();
    }

    @Override
    public synchronized BankGrant grant(long agentId, long requestedMicros, long nowMillis, long ttlMillis,
                                        boolean house) {
        requireAgent(agentId);
        ControlClient.Lease lease;
        if (prefetched != null) {
            lease = prefetched; // the start-up handshake's lease is the first one spent
            prefetched = null;
        } else {
            Optional<ControlClient.Lease> got = control.handshake(provider, requestedMicros);
            if (got.isEmpty()) {
                remainingMicros = 0;
                return new BankGrant(null, 0, 0, account(agentId).orElseThrow());
            }
            lease = got.get();
            remainingMicros = lease.remainingMicros();
        }
        ipTokens.accept(lease.ipToken());
        String id = localId(lease.leaseId());
        leases.put(id, lease);
        drawnMicros += lease.grantedMicros();
        LOG.log(Level.INFO, "edge: drew " + lease);
        return new BankGrant(id, lease.grantedMicros(), 0, account(agentId).orElseThrow());
    }

    @Override
    public synchronized BankGrant refresh(long agentId, String oldLeaseId, long oldSpentMicros, long creditMicros,
                                          long requestedMicros, long nowMillis, long ttlMillis, boolean house) {
        BankGrant g = grant(agentId, requestedMicros, nowMillis, ttlMillis, house);
        if (g.granted()) {
            ControlClient.Lease old = leases.get(oldLeaseId);
            returnQuietly(oldLeaseId, old.grantedMicros() - creditMicros);
        }
        return g;
    }

    @Override
    public synchronized void close(LeaseClose c) {
        ControlClient.Lease old = leases.get(c.leaseId());
        if (old != null) {
            returnQuietly(c.leaseId(), old.grantedMicros() - c.returnedMicros());
        }
    }

    /** Money freed after a lease was returned: the server counted it as spent already; nothing to do. */
    @Override
    public synchronized void credit(long agentId, String leaseId, long amountMicros, long nowMillis) {
    }

    @Override
    public synchronized Optional<BankAccount> account(long agentId) {
        if (agentId != this.agentId) {
            return Optional.empty();
        }
        long remaining = remainingMicros + (prefetched == null ? 0 : prefetched.grantedMicros());
        return Optional.of(new BankAccount(agentId, drawnMicros + remaining, drawnMicros, remaining));
    }

    @Override
    public synchronized OptionalLong agentOfLease(String leaseId) {
        return leases.containsKey(leaseId) ? OptionalLong.of(agentId) : OptionalLong.empty();
    }

    /** Returns the start-up lease if no call ever drew on it (shutdown). */
    synchronized void returnUnused() {
        if (prefetched != null) {
            ControlClient.Lease lease = prefetched;
            prefetched = null;
            leases.put(localId(lease.leaseId()), lease);
            drawnMicros += lease.grantedMicros();
            returnQuietly(localId(lease.leaseId()), 0);
        }
    }

    private void returnQuietly(String localId, long spentMicros) {
        ControlClient.Lease lease = leases.remove(localId);
        drawnMicros -= lease.grantedMicros();
        try {
            long returned = control.returnLease(lease.leaseId(), Math.max(0, spentMicros));
            remainingMicros += returned;
            LOG.log(Level.INFO, "edge: returned " + lease.leaseId() + " declaring " + spentMicros + " µ$ spent; "
                    + returned + " µ$ went back");
        } catch (RuntimeException e) {
            // The server closes an unreturned lease at its TTL with the whole grant spent (D13): no overspend.
            LOG.log(Level.WARNING, "edge: could not return " + lease.leaseId() + ": " + e.getMessage());
        }
    }

    private void requireAgent(long agentId) {
        if (agentId != this.agentId) {
            throw new IllegalArgumentException("this edge serves agent " + this.agentId + ", not " + agentId);
        }
    }
}
