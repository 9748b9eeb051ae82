package io.iron.engine.budget;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pure budget state machine of one agent: its leases and their open reservations. No I/O, no locks, no clocks
 * (time comes in as arguments): the agent's actor is the only caller, one command at a time, so property tests can
 * drive it directly and deterministically.
 * <p>The bank (the agent's durable account) is outside: a grant enters as {@link #openLease} after the bank debited
 * it, and every command that hands money back says how much in its result, for the caller to credit the bank.
 * {@link #drawnMicros()} is what this ledger believes the bank has lent it: {@code sum(granted - returned)}.
 * <p>Every mutation ends with {@link #checkInvariants()}.
 */
public final class AgentLedger {
    private static final AtomicLong RESERVATION_IDS = new AtomicLong(System.currentTimeMillis() << 20);

    private final long agentId;
    private final Map<String, Lease> leases = new LinkedHashMap<>();
    private long drawnMicros;
    private long settledMicros;
    /** Totals of leases dropped from memory by {@link #forgetClosed()}, so the sums stay exact. */
    private long forgottenDrawnMicros;
    private long forgottenSpentMicros;

    public AgentLedger(long agentId) {
        this.agentId = agentId;
    }

    public long agentId() {
        return agentId;
    }

    public Lease lease(String leaseId) {
        return leases.get(leaseId);
    }

    public Collection<Lease> leases() {
        return Collections.unmodifiableCollection(leases.values());
    }

    /** Sum over leases of granted minus returned: what the bank lent this ledger and has not had back. */
    public long drawnMicros() {
        return drawnMicros;
    }

    /** Sum of every amount charged to a lease (settlements, reports, declared and lapsed spend). */
    public long settledMicros() {
        return settledMicros;
    }

    public long spentMicros() {
        long s = forgottenSpentMicros;
        for (Lease l : leases.values()) {
            s += l.spentMicros;
        }
        return s;
    }

    public long reservedMicros() {
        long s = 0;
        for (Lease l : leases.values()) {
            s += l.reservedMicros;
        }
        return s;
    }

    public int openReservationCount() {
        int n = 0;
        for (Lease l : leases.values()) {
            n += l.openReservations.size();
        }
        return n;
    }

    // ---------------------------------------------------------------- grants

    /** A grant the bank already debited becomes a lease here. */
    public Lease openLease(String leaseId, long grantedMicros, long nowMillis, long ttlMillis) {
        requireNonNegative(grantedMicros, "grantedMicros");
        requireNonNegative(ttlMillis, "ttlMillis");
        if (leases.containsKey(leaseId)) {
            throw new IllegalArgumentException("lease " + leaseId + " already exists");
        }
        Lease lease = new Lease(leaseId, agentId, grantedMicros, nowMillis, ttlMillis);
        leases.put(leaseId, lease);
        drawnMicros = Math.addExact(drawnMicros, grantedMicros);
        checkInvariants();
        return lease;
    }

    /**
     * Restores a lease from durable state (recovery, reactivation). Open reservations of the crashed process are not
     * restored: they were counted into {@code spentMicros} at their full amount before this call (D14).
     */
    public Lease restoreLease(String leaseId, long grantedMicros, long spentMicros, long returnedMicros,
                              LeaseStatus status, long createdAtMillis, long ttlMillis, long expiresAtMillis,
                              Map<String, Long> reportsByRequestId) {
        Lease lease = new Lease(leaseId, agentId, grantedMicros, createdAtMillis, ttlMillis);
        lease.spentMicros = spentMicros;
        lease.returnedMicros = returnedMicros;
        lease.status = status;
        lease.expiresAtMillis = expiresAtMillis;
        lease.reportsByRequestId.putAll(reportsByRequestId);
        lease.checkInvariants();
        leases.put(leaseId, lease);
        drawnMicros = Math.addExact(drawnMicros, grantedMicros - returnedMicros);
        settledMicros = Math.addExact(settledMicros, spentMicros);
        checkInvariants();
        return lease;
    }

    // ---------------------------------------------------------------- reserve / settle / release

    /**
     * Reserves an upper bound of a request's cost on an active lease. The blocking rule is the reference
     * CostController's: a lease with {@code spent + reserved >= granted} is exhausted (even for a zero reservation);
     * otherwise a reservation above what is available is refused. Using the lease extends its TTL.
     */
    public ReserveResult reserve(String leaseId, long amountMicros, long nowMillis) {
        requireNonNegative(amountMicros, "amountMicros");
        Lease lease = leases.get(leaseId);
        if (lease == null) {
            return new ReserveResult.LeaseUnusable(leaseId, LeaseProblem.NOT_FOUND);
        }
        LeaseProblem problem = problemOf(lease, nowMillis);
        if (problem != null) {
            return new ReserveResult.LeaseUnusable(leaseId, problem);
        }
        if (lease.spentMicros + lease.reservedMicros >= lease.grantedMicros()) {
            return new ReserveResult.Exhausted(lease.spentMicros, lease.reservedMicros, lease.grantedMicros());
        }
        if (amountMicros > lease.availableMicros()) {
            return new ReserveResult.Insufficient(lease.availableMicros(), amountMicros);
        }
        long id = RESERVATION_IDS.incrementAndGet();
        lease.openReservations.put(id, amountMicros);
        lease.reservedMicros += amountMicros;
        touch(lease, nowMillis);
        checkInvariants();
        return new ReserveResult.Reserved(leaseId, id, amountMicros, lease.availableMicros());
    }

    /**
     * Settles a reservation at the actual cost, which may be below or above what was reserved. Above: the excess is
     * taken from what the lease still has available and anything beyond that is recorded as overrun (never charged
     * past the grant). On a lease that closed meanwhile, what the reservation did not use goes back to the bank
     * ({@link SettleResult#freedMicros()}); on a lapsed lease it was already counted as spent.
     */
    public SettleResult settle(String leaseId, long reservationId, long actualMicros, long nowMillis) {
        requireNonNegative(actualMicros, "actualMicros");
        Lease lease = leases.get(leaseId);
        Long reserved = lease == null ? null : lease.openReservations.remove(reservationId);
        if (reserved == null) {
            // Unknown or already counted (lapsed lease, recovery): nothing to do, nothing charged twice.
            return new SettleResult(leaseId, reservationId, 0, 0, 0, false);
        }
        lease.reservedMicros -= reserved;
        long charged;
        long freed = 0;
        if (lease.isActive()) {
            charged = Math.min(actualMicros, lease.availableMicros()); // the reservation is already back in available
        } else {
            charged = Math.min(actualMicros, reserved);
            freed = reserved - charged;
            lease.returnedMicros += freed;
            drawnMicros -= freed;
        }
        long overrun = actualMicros - charged;
        lease.spentMicros += charged;
        lease.overrunMicros += overrun;
        settledMicros += charged;
        touch(lease, nowMillis);
        checkInvariants();
        return new SettleResult(leaseId, reservationId, charged, overrun, freed, true);
    }

    /** Gives a reservation back unspent (the request was never sent or failed before anything was generated). */
    public SettleResult release(String leaseId, long reservationId, long nowMillis) {
        Lease lease = leases.get(leaseId);
        Long reserved = lease == null ? null : lease.openReservations.remove(reservationId);
        if (reserved == null) {
            return new SettleResult(leaseId, reservationId, 0, 0, 0, false);
        }
        lease.reservedMicros -= reserved;
        long freed = 0;
        if (!lease.isActive()) {
            freed = reserved;
            lease.returnedMicros += freed;
            drawnMicros -= freed;
        }
        touch(lease, nowMillis);
        checkInvariants();
        return new SettleResult(leaseId, reservationId, 0, 0, freed, true);
    }

    // ---------------------------------------------------------------- report (REST protocol)

    /**
     * Charges a usage report to its lease only (D10). {@code requestId} is an idempotency key per lease: a replay
     * charges nothing and answers as the first time did.
     */
    public ReportResult report(String leaseId, String requestId, long costMicros, long nowMillis) {
        requireNonNegative(costMicros, "costMicros");
        Lease lease = leases.get(leaseId);
        if (lease == null) {
            return new ReportResult.LeaseUnusable(leaseId, LeaseProblem.NOT_FOUND);
        }
        Long earlier = lease.reportsByRequestId.get(requestId);
        if (earlier != null) {
            return new ReportResult.Replayed(leaseId, requestId, earlier);
        }
        LeaseProblem problem = problemOf(lease, nowMillis);
        if (problem != null) {
            return new ReportResult.LeaseUnusable(leaseId, problem);
        }
        if (costMicros > lease.availableMicros()) {
            return new ReportResult.Insufficient(lease.availableMicros(), costMicros);
        }
        lease.spentMicros += costMicros;
        settledMicros += costMicros;
        lease.reportsByRequestId.put(requestId, costMicros);
        touch(lease, nowMillis);
        checkInvariants();
        return new ReportResult.Charged(leaseId, requestId, costMicros, lease.availableMicros());
    }

    // ---------------------------------------------------------------- closing a lease

    /** What a refresh of this lease would hand back: the unreserved, unspent remainder. */
    public long refreshCredit(String leaseId) {
        Lease lease = leases.get(leaseId);
        return lease == null || !lease.isActive() ? 0 : lease.availableMicros();
    }

    /** Closes a lease replaced by a refresh (D11): its remainder goes back to the bank. */
    public Closing closeForRefresh(String leaseId, long nowMillis) {
        return close(leaseId, LeaseStatus.EXPIRED, 0, false, nowMillis);
    }

    /**
     * Closes a returned lease (D11): gives back {@code granted - max(server spent, client spent)} less what is still
     * reserved by requests in flight (those give back their own unused part when they settle).
     */
    public Closing returnLease(String leaseId, long clientSpentMicros, long nowMillis) {
        requireNonNegative(clientSpentMicros, "clientSpentMicros");
        return close(leaseId, LeaseStatus.CLOSED, clientSpentMicros, false, nowMillis);
    }

    /**
     * Closes a lease whose TTL passed without a return (D13): everything granted counts as spent, including open
     * reservations, since money that might have been spent must never be handed out twice.
     */
    public Closing lapse(String leaseId, long nowMillis) {
        return close(leaseId, LeaseStatus.EXPIRED, 0, true, nowMillis);
    }

    /** An operator takes back an active lease's remainder; recorded by the caller. */
    public Closing reclaim(String leaseId, long nowMillis) {
        return close(leaseId, LeaseStatus.REVOKED, 0, false, nowMillis);
    }

    /** Leases whose TTL has passed at {@code nowMillis} (strictly: expires_at == now is still valid). */
    public List<String> lapsedAt(long nowMillis) {
        List<String> out = new ArrayList<>();
        for (Lease l : leases.values()) {
            if (l.isActive() && l.expiresAtMillis > 0 && l.expiresAtMillis < nowMillis) {
                out.add(l.leaseId());
            }
        }
        return out;
    }

    /** Drops closed leases with nothing in flight from memory; their record lives on in the store. */
    public int forgetClosed() {
        int before = leases.size();
        leases.values().removeIf(l -> {
            boolean done = !l.isActive() && l.openReservations.isEmpty();
            if (done) {
                forgottenDrawnMicros += l.grantedMicros() - l.returnedMicros;
                forgottenSpentMicros += l.spentMicros;
            }
            return done;
        });
        return before - leases.size();
    }

    private Closing close(String leaseId, LeaseStatus to, long clientSpentMicros, boolean countAllAsSpent,
                          long nowMillis) {
        Lease lease = leases.get(leaseId);
        if (lease == null) {
            return new Closing(leaseId, LeaseProblem.NOT_FOUND, 0, 0, 0);
        }
        if (!lease.isActive()) {
            return new Closing(leaseId, LeaseProblem.NOT_ACTIVE, 0, 0, 0);
        }
        long declared = 0;
        if (countAllAsSpent) {
            declared = lease.availableMicros() + lease.reservedMicros;
            lease.openReservations.clear();
            lease.reservedMicros = 0;
        } else if (clientSpentMicros > lease.spentMicros) {
            declared = Math.min(clientSpentMicros, lease.grantedMicros() - lease.reservedMicros) - lease.spentMicros;
        }
        lease.spentMicros += declared;
        settledMicros += declared;
        long returned = lease.availableMicros();
        lease.returnedMicros = returned;
        drawnMicros -= returned;
        lease.status = to;
        checkInvariants();
        return new Closing(leaseId, null, returned, declared, lease.spentMicros);
    }

    // ---------------------------------------------------------------- helpers

    private static LeaseProblem problemOf(Lease lease, long nowMillis) {
        return switch (lease.status) {
            case ACTIVE -> lease.expiresAtMillis > 0 && lease.expiresAtMillis < nowMillis ? LeaseProblem.EXPIRED : null;
            case EXPIRED -> LeaseProblem.EXPIRED;
            case REVOKED -> LeaseProblem.REVOKED;
            case CLOSED -> LeaseProblem.NOT_ACTIVE;
        };
    }

    private static void touch(Lease lease, long nowMillis) {
        if (lease.ttlMillis() > 0 && lease.isActive()) {
            lease.expiresAtMillis = Math.max(lease.expiresAtMillis, nowMillis + lease.ttlMillis());
        }
    }

    private static void requireNonNegative(long v, String name) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + v);
        }
    }

    /** Asserts every lease's invariant and that the drawn total and settled total match the leases exactly. */
    public void checkInvariants() {
        long drawn = forgottenDrawnMicros;
        long spent = forgottenSpentMicros;
        for (Lease l : leases.values()) {
            l.checkInvariants();
            drawn += l.grantedMicros() - l.returnedMicros;
            spent += l.spentMicros;
        }
        if (drawn != drawnMicros) {
            throw new LedgerInvariantError("agent " + agentId + ": drawn " + drawnMicros + " != sum(granted - returned) "
                    + drawn);
        }
        if (spent != settledMicros) {
            throw new LedgerInvariantError("agent " + agentId + ": leases spent " + spent + " != settled " + settledMicros);
        }
    }
}
