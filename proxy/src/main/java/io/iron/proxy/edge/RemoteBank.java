package io.iron.proxy.edge;

import io.iron.engine.bank.Bank;
import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.BankGrant;
import io.iron.engine.bank.LeaseClose;
import io.iron.engine.bank.LeaseIds;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A {@link Bank} that is a control server far away: a grant is a handshake, closing a lease is a return. The local
 * actor spends the leases as house leases (their local ids are the server's ids with the house prefix).
 *
 * <p>Refresh is a new handshake first (nothing changes if it is denied), then the return of the old lease declaring
 * as spent everything the actor did not hand back, reservations still in flight included: those calls settle
 * locally on the closed lease, and any part of their reservation they do not use is not handed back. That costs a
 * few reservations' slack per refresh and can never let the edge spend money the server gave back.
 *
 * <p>So that calls do not wait for the control server, the next lease is drawn in the background once the current
 * one runs low ({@link #prefetchIfLow}), and returns are sent in the background. When the server last said the agent
 * had nothing left, a handshake is still tried now and then (at most every {@value #PROBE_MILLIS} ms, on demand),
 * so a budget raised meanwhile is picked up.
 */
public final class RemoteBank implements Bank {
    private static final System.Logger LOG = System.getLogger(RemoteBank.class.getName());
    static final long PROBE_MILLIS = 5_000;

    private final ControlClient control;
    private final String provider;
    private final long agentId;
    private final long trancheMicros;
    private final Consumer<String> ipTokens;
    private final LongSupplier clockMillis;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, ControlClient.Lease> leases = new HashMap<>(); // local id -> server lease
    private ControlClient.Lease prefetched;
    private boolean prefetching;
    private long lastDeniedMillis = Long.MIN_VALUE / 2;
    private long drawnMicros;
    private long remainingMicros;

    /** {@code first}: the start-up handshake's lease, or null when it was denied. */
    RemoteBank(ControlClient control, String provider, long agentId, long trancheMicros, ControlClient.Lease first,
               Consumer<String> ipTokens, LongSupplier clockMillis) {
        this.control = control;
        this.provider = provider;
        this.agentId = agentId;
        this.trancheMicros = trancheMicros;
        this.ipTokens = ipTokens;
        this.clockMillis = clockMillis;
        this.prefetched = first;
        this.remainingMicros = first == null ? 0 : first.remainingMicros();
        if (first == null) {
            lastDeniedMillis = clockMillis.getAsLong();
        }
    }

    static String localId(String serverLeaseId) {
        String rest = serverLeaseId.startsWith(LeaseIds.PREFIX) ? serverLeaseId.substring(LeaseIds.PREFIX.length())
                : serverLeaseId;
        return LeaseIds.HOUSE_PREFIX + rest;
    }

    /** The server's id of a local lease id, or null for a lease that is not (or no longer) open at the server. */
    synchronized String serverId(String localLeaseId) {
        ControlClient.Lease l = leases.get(localLeaseId);
        return l == null ? null : l.leaseId();
    }

    /**
     * Draws the next lease in the background when the lease a call was just reserved on has less than a quarter of
     * a tranche free, so the actor finds it ready instead of waiting for a handshake.
     */
    void prefetchIfLow(long leaseAvailableMicros) {
        synchronized (this) {
            if (leaseAvailableMicros >= trancheMicros / 4 || prefetched != null || prefetching
                    || remainingMicros <= 0) {
                return;
            }
            prefetching = true;
        }
        background.execute(() -> {
            try {
                Optional<ControlClient.Lease> got = control.handshake(provider, trancheMicros);
                synchronized (this) {
                    if (got.isPresent()) {
                        prefetched = got.get();
                        remainingMicros = got.get().remainingMicros();
                    } else {
                        remainingMicros = 0;
                        lastDeniedMillis = clockMillis.getAsLong();
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "edge: drawing the next lease early failed (it is tried again when needed): "
                        + e.getMessage());
            } finally {
                synchronized (this) {
                    prefetching = false;
                }
            }
        });
    }

    @Override
    public synchronized BankGrant grant(long agentId, long requestedMicros, long nowMillis, long ttlMillis,
                                        boolean house) {
        requireAgent(agentId);
        ControlClient.Lease lease;
        if (prefetched != null) {
            lease = prefetched; // drawn at start-up or early: no waiting
            prefetched = null;
        } else {
            Optional<ControlClient.Lease> got = control.handshake(provider, Math.max(requestedMicros,
                    trancheMicros));
            if (got.isEmpty()) {
                remainingMicros = 0;
                lastDeniedMillis = clockMillis.getAsLong();
                return new BankGrant(null, 0, 0, account(agentId).orElseThrow());
            }
            lease = got.get();
            remainingMicros = lease.remainingMicros();
        }
        ipTokens.accept(lease.ipToken());
        String id = localId(lease.leaseId());
        leases.put(id, lease);
        drawnMicros += lease.grantedMicros();
        LOG.log(Level.DEBUG, "edge: drew " + lease);
        return new BankGrant(id, lease.grantedMicros(), 0, account(agentId).orElseThrow());
    }

    @Override
    public synchronized BankGrant refresh(long agentId, String oldLeaseId, long oldSpentMicros, long creditMicros,
                                          long requestedMicros, long nowMillis, long ttlMillis, boolean house) {
        BankGrant g = grant(agentId, requestedMicros, nowMillis, ttlMillis, house);
        if (g.granted()) {
            ControlClient.Lease old = leases.get(oldLeaseId);
            returnLater(oldLeaseId, old.grantedMicros() - creditMicros);
        }
        return g;
    }

    @Override
    public synchronized void close(LeaseClose c) {
        ControlClient.Lease old = leases.get(c.leaseId());
        if (old != null) {
            returnLater(c.leaseId(), old.grantedMicros() - c.returnedMicros());
        }
    }

    /** Money freed after a lease was returned: the server counted it as spent already; nothing to do. */
    @Override
    public synchronized void credit(long agentId, String leaseId, long amountMicros, long nowMillis) {
    }

    /**
     * What this edge knows of the account: the server's last word on the remainder, plus a lease drawn early. When
     * the server last said nothing was left, it is asked again (a handshake) at most every {@value #PROBE_MILLIS} ms.
     */
    @Override
    public synchronized Optional<BankAccount> account(long agentId) {
        if (agentId != this.agentId) {
            return Optional.empty();
        }
        long now = clockMillis.getAsLong();
        if (remainingMicros <= 0 && prefetched == null && now - lastDeniedMillis >= PROBE_MILLIS) {
            lastDeniedMillis = now;
            try {
                control.handshake(provider, trancheMicros).ifPresent(l -> {
                    prefetched = l;
                    remainingMicros = l.remainingMicros();
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "edge: the control server cannot be asked for budget: " + e.getMessage());
            }
        }
        long remaining = Math.max(0, remainingMicros) + (prefetched == null ? 0 : prefetched.grantedMicros());
        return Optional.of(new BankAccount(agentId, drawnMicros + remaining, drawnMicros, remaining));
    }

    @Override
    public synchronized OptionalLong agentOfLease(String leaseId) {
        return leases.containsKey(leaseId) ? OptionalLong.of(agentId) : OptionalLong.empty();
    }

    /** Returns the lease drawn early (or at start-up) if no call ever spent from it. */
    synchronized void returnUnused() {
        if (prefetched != null) {
            ControlClient.Lease lease = prefetched;
            prefetched = null;
            leases.put(localId(lease.leaseId()), lease);
            drawnMicros += lease.grantedMicros();
            returnLater(localId(lease.leaseId()), 0);
        }
    }

    /** Waits (bounded) for the returns and early draws under way; then this bank takes no more work. */
    void shutdown(Duration bound) {
        background.shutdown();
        try {
            if (!background.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "edge: returns still under way after " + bound + "; the server lapses "
                        + "those leases at their TTL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forgets the lease now (its later reports are not sent) and returns it in the background. */
    private void returnLater(String localId, long spentMicros) {
        ControlClient.Lease lease = leases.remove(localId);
        drawnMicros -= lease.grantedMicros();
        long declared = Math.max(0, spentMicros);
        background.execute(() -> {
            try {
                long returned = control.returnLease(lease.leaseId(), declared);
                synchronized (this) {
                    remainingMicros += returned;
                }
                LOG.log(Level.DEBUG, "edge: returned " + lease.leaseId() + " declaring " + declared + " µ$ spent; "
                        + returned + " µ$ went back");
            } catch (RuntimeException e) {
                // The server closes an unreturned lease at its TTL with the whole grant spent (D13): no overspend.
                LOG.log(Level.WARNING, "edge: could not return " + lease.leaseId() + ": " + e.getMessage());
            }
        });
    }

    private void requireAgent(long agentId) {
        if (agentId != this.agentId) {
            throw new IllegalArgumentException("this edge serves agent " + this.agentId + ", not " + agentId);
        }
    }
}
