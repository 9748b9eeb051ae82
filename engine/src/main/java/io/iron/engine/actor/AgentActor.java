package io.iron.engine.actor;

import io.iron.engine.bank.Bank;
import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.BankGrant;
import io.iron.engine.bank.LeaseClose;
import io.iron.engine.bank.LeaseIds;
import io.iron.engine.bank.UnknownAgentException;
import io.iron.engine.budget.AgentLedger;
import io.iron.engine.budget.Closing;
import io.iron.engine.budget.Lease;
import io.iron.engine.budget.LeaseProblem;
import io.iron.engine.budget.LeaseStatus;
import io.iron.engine.budget.LedgerInvariantError;
import io.iron.engine.budget.ReportResult;
import io.iron.engine.budget.ReserveResult;
import io.iron.engine.budget.SettleResult;
import io.iron.engine.journal.JournalRecord;
import io.iron.engine.journal.JournalRecord.Kind;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One agent's actor: a bounded mailbox whose messages are applied in batches to the agent's {@link AgentLedger} by
 * whichever thread holds the actor's <em>turn</em>; each batch's records are appended to the journal and the callers
 * are answered only once they are durable. Serialization comes from the mailbox and the turn alone: no locks around
 * the ledger.
 * <p>Who drains: a caller that finds the actor idle takes the turn and applies its own message, with whatever queued
 * meanwhile (at most {@link ActorOptions#maxBatch()} messages), on its own thread. That spares the hand-off to the
 * actor's thread and back, a park and an unpark each way, which otherwise costs more than the command itself. The
 * actor's own virtual thread drains whenever the actor is contended: when messages are left after a caller's turn,
 * or when the sender is itself in the middle of a batch (an answer's callback sending on), so batches never nest
 * and no caller works for others for long.
 * <p>An actor with nothing in flight for {@link ActorOptions#idleMillis()} hands its house lease back, parks its
 * ledger in the store and retires; the registry starts a fresh one on the next message.
 */
final class AgentActor {
    private static final System.Logger LOG = System.getLogger(AgentActor.class.getName());
    private static final int RETIRED = Integer.MIN_VALUE;
    /** The actor whose batch the current thread is applying, if any. */
    private static final ThreadLocal<AgentActor[]> DRAINING = ThreadLocal.withInitial(() -> new AgentActor[1]);

    private final long agentId;
    private final ActorRegistry registry;
    private final ActorOptions options;
    private final ConcurrentLinkedQueue<Envelope<?>> mailbox = new ConcurrentLinkedQueue<>();
    /** Messages offered and not yet taken; {@link #RETIRED} once the actor has passivated. */
    private final AtomicInteger queued = new AtomicInteger();
    /**
     * The right to touch the ledger. Held by the actor thread from the start until the ledger is loaded, and for good
     * once the actor retired or failed to load. Taking it (CAS) and giving it back (volatile write) order every
     * access to the fields below, whichever thread makes them.
     */
    private final AtomicBoolean turn = new AtomicBoolean(true);
    private volatile boolean parked;
    private final Thread thread;
    /** Completes once a retired actor has left the registry, so senders wait for its successor without spinning. */
    private final CompletableFuture<Void> gone = new CompletableFuture<>();

    // Touched only by the holder of the turn.
    private AgentLedger ledger;
    private String houseLeaseId;
    private List<JournalRecord> pending = new ArrayList<>();
    private final List<Envelope<?>> batch;
    private long lastWorkNanos;
    /**
     * No active lease expires before this instant, so until the clock passes it nothing can lapse and the lapse scan
     * is skipped. It stays true because expiries only move forward (use extends them) and every lease this actor
     * opens lowers it ({@link #openLease}); a freshly loaded ledger starts at "scan now".
     */
    private long lapseFreeUntilMillis = Long.MIN_VALUE;

    static final class Envelope<R> extends CompletableFuture<R> {
        final AgentCommand<R> command;
        R result;
        Throwable failure;

        Envelope(AgentCommand<R> command) {
            this.command = command;
        }
    }

    enum Offer { ACCEPTED, BUSY, RETIRED }

    AgentActor(long agentId, ActorRegistry registry) {
        this.agentId = agentId;
        this.registry = registry;
        this.options = registry.options();
        this.batch = new ArrayList<>(Math.min(options.maxBatch(), 1024));
        this.thread = Thread.ofVirtual().name("agent-" + agentId).unstarted(this::run);
    }

    void start() {
        if (registry.unserialized()) {
            ledger = loadLedger();
            adoptHouseLease();
            return;
        }
        thread.start();
    }

    long agentId() {
        return agentId;
    }

    Offer offer(Envelope<?> e) {
        if (registry.unserialized()) {
            // Deliberately broken mode (tests only): apply on the caller's thread, no mailbox, no serialization.
            process(new ArrayList<>(List.of(e)));
            return Offer.ACCEPTED;
        }
        int n = queued.incrementAndGet();
        if (n <= 0) {
            queued.decrementAndGet(); // undone, so late senders can never walk the count from RETIRED back up to 0
            return Offer.RETIRED;
        }
        if (n > options.mailboxCapacity()) {
            queued.decrementAndGet();
            return Offer.BUSY;
        }
        AgentActor[] draining = DRAINING.get();
        if (n == 1 && draining[0] == null && turn.compareAndSet(false, true)) {
            // Nothing is counted ahead of this message and the turn is ours: apply it without the mailbox round trip.
            batch.add(e);
            drainAsCaller(draining);
            return Offer.ACCEPTED;
        }
        mailbox.offer(e);
        if (draining[0] == null) {
            if (turn.compareAndSet(false, true)) {
                drainAsCaller(draining);
            }
            // else the holder of the turn sees this message: it looks at the mailbox again after giving the turn back
        } else if (draining[0] != this) {
            wake(); // sent from inside another actor's batch: never nest batches, let this actor's thread apply it
        }
        // else sent from inside this actor's own batch (an answer's callback): the loop draining it picks it up
        return Offer.ACCEPTED;
    }

    /**
     * Applies, on the caller's thread, what the batch already holds and what is queued, at most {@code maxBatch}
     * messages so no caller works for others for long; whatever is left (or queued meanwhile by senders who found the
     * turn taken) goes to the actor thread.
     */
    private void drainAsCaller(AgentActor[] draining) {
        // The caller's pending interrupt is not the actor's business: kept away from bank and journal I/O meanwhile.
        boolean interrupted = Thread.currentThread().isInterrupted() && Thread.interrupted(); // a read, then clear only if set
        int budget = options.maxBatch();
        try {
            int n;
            while (budget > 0 && (n = drainBatch(draining, budget)) > 0) {
                budget -= n;
            }
        } finally {
            turn.set(false);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (!mailbox.isEmpty()) {
            wake();
        }
    }

    private void wake() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    // ------------------------------------------------------------------------------------------------ the loop

    private void run() {
        try {
            ledger = loadLedger();
            adoptHouseLease();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "agent " + agentId + ": cannot load ledger", e);
            failAllAndRetire(e); // keeps the turn: nobody may touch a ledger that is not there
            return;
        }
        AgentActor[] draining = DRAINING.get();
        long idleNanos = options.idleMillis() * 1_000_000L;
        lastWorkNanos = System.nanoTime();
        turn.set(false);
        while (true) {
            long parkNanos = Math.max(1_000_000L, idleNanos);
            if (turn.compareAndSet(false, true)) {
                boolean retired = false;
                try {
                    while (drainBatch(draining, options.maxBatch()) > 0) {
                        // until empty: while we hold the turn, senders count on us to see their messages
                    }
                    long idleFor = System.nanoTime() - lastWorkNanos;
                    if (idleFor >= idleNanos && ledger.openReservationCount() == 0
                            && queued.compareAndSet(0, RETIRED)) {
                        retired = true;
                        passivate();
                        return; // the turn stays taken for good
                    }
                    parkNanos = Math.max(1_000_000L, idleNanos - idleFor);
                } finally {
                    if (!retired) {
                        turn.set(false);
                    }
                }
                if (!mailbox.isEmpty()) {
                    continue;
                }
            }
            // Park unless there is work and nobody to do it. Whoever holds the turn looks at the mailbox after giving
            // it back and wakes this thread if anything is left (it reads `parked` after we wrote it: no lost wake-up).
            parked = true;
            if (turn.get() || mailbox.isEmpty()) {
                LockSupport.parkNanos(this, parkNanos);
            }
            parked = false;
        }
    }

    /** Fills the batch from the head of the mailbox up to {@code max} messages and applies it; answers how many. */
    private int drainBatch(AgentActor[] draining, int max) {
        Envelope<?> e;
        while (batch.size() < max && (e = mailbox.poll()) != null) {
            batch.add(e);
        }
        int n = batch.size();
        if (n == 0) {
            return 0;
        }
        queued.addAndGet(-n);
        draining[0] = this;
        try {
            process(batch);
        } finally {
            draining[0] = null;
            batch.clear();
            lastWorkNanos = System.nanoTime();
        }
        return n;
    }

    private void process(List<Envelope<?>> batch) {
        long now = registry.nowMillis();
        try {
            if (now > lapseFreeUntilMillis) {
                lapseExpired(now);
            }
            for (Envelope<?> e : batch) {
                try {
                    apply(e, now);
                } catch (LedgerInvariantError err) {
                    throw err;
                } catch (RuntimeException ex) {
                    e.failure = ex;
                }
            }
            flush();
        } catch (LedgerInvariantError | RuntimeException fatal) {
            // The in-memory ledger may now differ from what is durable: throw it away and reload the truth.
            LOG.log(Level.ERROR, "agent " + agentId + ": batch failed, reloading ledger from the store", fatal);
            pending.clear();
            for (Envelope<?> e : batch) {
                e.failure = fatal;
            }
            lapseFreeUntilMillis = Long.MIN_VALUE;
            try {
                ledger = loadLedger();
                adoptHouseLease();
            } catch (RuntimeException reload) {
                LOG.log(Level.ERROR, "agent " + agentId + ": reload failed", reload);
            }
        }
        for (Envelope<?> e : batch) {
            complete(e);
        }
    }

    @SuppressWarnings("unchecked")
    private <R> void apply(Envelope<R> e, long now) {
        Object r = switch (e.command) {
            case AgentCommand.Handshake h -> handshake(h, now);
            case AgentCommand.Reserve r2 -> r2.leaseId() == null ? reserveHouse(r2.amountMicros(), now)
                    : reserve(r2.leaseId(), r2.amountMicros(), now);
            case AgentCommand.Settle s -> settle(s, now);
            case AgentCommand.Release rl -> release(rl, now);
            case AgentCommand.Report rp -> report(rp, now);
            case AgentCommand.Refresh rf -> refresh(rf, now);
            case AgentCommand.Return rt -> close(rt.leaseId(), ledger.returnLease(rt.leaseId(), rt.clientSpentMicros(),
                    now), Kind.CLOSE, null, now);
            case AgentCommand.Reclaim rc -> close(rc.leaseId(), ledger.reclaim(rc.leaseId(), now), Kind.RECLAIM,
                    rc.reason(), now);
            case AgentCommand.Usage u -> usage();
            case AgentCommand.Expire x -> lapseExpired(now);
            case AgentCommand.ReturnHouseLease h -> returnHouseLease(now);
        };
        e.result = (R) r;
    }

    private static <R> void complete(Envelope<R> e) {
        if (e.failure != null) {
            e.completeExceptionally(e.failure);
        } else {
            e.complete(e.result);
        }
    }

    // ------------------------------------------------------------------------------------------------ commands

    private Outcomes.HandshakeOutcome handshake(AgentCommand.Handshake h, long now) {
        flush();
        BankGrant g = registry.bank().grant(agentId, h.requestedMicros(), now, h.ttlMillis(), false);
        if (!g.granted()) {
            return new Outcomes.Denied(g.account());
        }
        Lease lease = openLease(g.leaseId(), g.grantedMicros(), now, h.ttlMillis());
        record(lease.leaseId(), Kind.OPEN, 0, null, g.grantedMicros(), 0, now);
        return new Outcomes.Granted(g.leaseId(), g.grantedMicros(), g.account().remainingMicros(),
                lease.expiresAtMillis());
    }

    private Outcomes.ReserveOutcome reserve(String leaseId, long amountMicros, long now) {
        ReserveResult r = ledger.reserve(leaseId, amountMicros, now);
        return switch (r) {
            case ReserveResult.Reserved ok -> {
                record(leaseId, Kind.RESERVE, ok.reservationId(), null, amountMicros, 0, now);
                yield new Outcomes.Reserved(leaseId, ok.reservationId(), amountMicros, ok.availableAfterMicros());
            }
            case ReserveResult.Exhausted x -> new Outcomes.Exhausted(x.spentMicros(), x.reservedMicros(),
                    x.limitMicros());
            case ReserveResult.Insufficient i -> new Outcomes.Insufficient(i.availableMicros(), i.requestedMicros());
            case ReserveResult.LeaseUnusable u -> new Outcomes.Unusable(u.leaseId(), u.problem());
        };
    }

    /**
     * Reserves on the house lease, drawing or refreshing it from the bank when it cannot hold the request. Blocked
     * answers are computed over the whole agent (house lease plus bank), as the reference CostController does over
     * its limit, so the 402 message tells the agent its real position.
     */
    private Outcomes.ReserveOutcome reserveHouse(long amountMicros, long now) {
        Lease house = houseLeaseId == null ? null : ledger.lease(houseLeaseId);
        if (house != null && house.isActive() && amountMicros <= house.availableMicros()
                && house.spentMicros() + house.reservedMicros() < house.grantedMicros()) {
            return reserve(houseLeaseId, amountMicros, now);
        }
        if (house != null && !house.isActive()) {
            house = null;
            houseLeaseId = null;
        }
        long houseAvailable = house == null ? 0 : house.availableMicros();
        BankAccount account = registry.bank().account(agentId).orElseThrow(() -> new UnknownAgentException(agentId));
        if (houseAvailable + account.remainingMicros() >= amountMicros && houseAvailable + account.remainingMicros() > 0) {
            flushApplied();
            long want = Math.max(amountMicros, options.houseTrancheMicros());
            BankGrant g = house == null
                    ? registry.bank().grant(agentId, want, now, options.houseTtlMillis(), true)
                    : registry.bank().refresh(agentId, houseLeaseId, house.spentMicros(), houseAvailable, want, now,
                    options.houseTtlMillis(), true);
            account = g.account();
            if (g.granted()) {
                if (house != null) {
                    Closing c = ledger.closeForRefresh(houseLeaseId, now);
                    record(houseLeaseId, Kind.CLOSE, 0, null, c.declaredMicros(), 0, now);
                }
                openLease(g.leaseId(), g.grantedMicros(), now, options.houseTtlMillis());
                record(g.leaseId(), Kind.OPEN, 0, null, g.grantedMicros(), 0, now);
                houseLeaseId = g.leaseId();
                house = ledger.lease(houseLeaseId);
                houseAvailable = house.availableMicros();
                if (amountMicros <= houseAvailable) {
                    return reserve(houseLeaseId, amountMicros, now);
                }
            }
        }
        long available = houseAvailable + account.remainingMicros();
        long reserved = ledger.reservedMicros();
        long limit = account.allocatedMicros();
        if (available <= 0) {
            return new Outcomes.Exhausted(Math.max(0, limit - reserved), reserved, limit);
        }
        return new Outcomes.Insufficient(available, amountMicros);
    }

    private SettleResult settle(AgentCommand.Settle s, long now) {
        SettleResult r = ledger.settle(s.leaseId(), s.reservationId(), s.actualMicros(), now);
        if (r.applied()) {
            record(s.leaseId(), Kind.SETTLE, s.reservationId(), null, r.chargedMicros(), r.overrunMicros(), now);
            if (r.overrunMicros() > 0) {
                LOG.log(Level.WARNING, "agent " + agentId + " lease " + s.leaseId() + ": actual cost "
                        + s.actualMicros() + " µ$ exceeded what the lease could bear by " + r.overrunMicros() + " µ$");
            }
            creditFreed(s.leaseId(), r.freedMicros(), now);
        }
        return r;
    }

    private SettleResult release(AgentCommand.Release rl, long now) {
        SettleResult r = ledger.release(rl.leaseId(), rl.reservationId(), now);
        if (r.applied()) {
            record(rl.leaseId(), Kind.RELEASE, rl.reservationId(), null, 0, 0, now);
            creditFreed(rl.leaseId(), r.freedMicros(), now);
        }
        return r;
    }

    private void creditFreed(String leaseId, long freedMicros, long now) {
        if (freedMicros > 0) {
            flushApplied();
            registry.bank().credit(agentId, leaseId, freedMicros, now);
        }
    }

    private ReportResult report(AgentCommand.Report rp, long now) {
        ReportResult r = ledger.report(rp.leaseId(), rp.requestId(), rp.costMicros(), now);
        if (r instanceof ReportResult.Charged) {
            record(rp.leaseId(), Kind.REPORT, 0, rp.requestId(), rp.costMicros(), 0, now);
        }
        return r;
    }

    private Outcomes.RefreshOutcome refresh(AgentCommand.Refresh rf, long now) {
        Lease old = ledger.lease(rf.leaseId());
        if (old == null) {
            return new Outcomes.RefreshRefused(LeaseProblem.NOT_FOUND);
        }
        if (!old.isActive()) {
            return new Outcomes.RefreshRefused(old.status() == LeaseStatus.REVOKED ? LeaseProblem.REVOKED
                    : old.status() == LeaseStatus.CLOSED ? LeaseProblem.NOT_ACTIVE : LeaseProblem.EXPIRED);
        }
        flushApplied();
        long credit = ledger.refreshCredit(rf.leaseId());
        BankGrant g = registry.bank().refresh(agentId, rf.leaseId(), old.spentMicros(), credit, rf.requestedMicros(),
                now, rf.ttlMillis(), false);
        if (!g.granted()) {
            return new Outcomes.RefreshDenied(g.account().remainingMicros());
        }
        Closing c = ledger.closeForRefresh(rf.leaseId(), now);
        if (c.returnedMicros() != credit) {
            throw new LedgerInvariantError("refresh of " + rf.leaseId() + " credited " + credit + " but closed with "
                    + c.returnedMicros());
        }
        record(rf.leaseId(), Kind.CLOSE, 0, null, c.declaredMicros(), 0, now);
        Lease lease = openLease(g.leaseId(), g.grantedMicros(), now, rf.ttlMillis());
        record(g.leaseId(), Kind.OPEN, 0, null, g.grantedMicros(), 0, now);
        return new Outcomes.Refreshed(g.leaseId(), g.grantedMicros(), g.account().remainingMicros(),
                lease.expiresAtMillis());
    }

    private Closing close(String leaseId, Closing c, Kind kind, String reason, long now) {
        if (!c.ok()) {
            return c;
        }
        record(leaseId, kind, 0, reason, c.declaredMicros(), 0, now);
        flushApplied();
        LeaseStatus status = ledger.lease(leaseId).status();
        registry.bank().close(new LeaseClose(agentId, leaseId, status, c.finalSpentMicros(), c.returnedMicros(), now,
                reason));
        if (leaseId.equals(houseLeaseId)) {
            houseLeaseId = null;
        }
        return c;
    }

    private int lapseExpired(long now) {
        List<String> lapsed = ledger.lapsedAt(now);
        for (String leaseId : lapsed) {
            LOG.log(Level.INFO, "agent " + agentId + ": lease " + leaseId + " passed its TTL without a return;"
                    + " its whole grant counts as spent (D13)");
            close(leaseId, ledger.lapse(leaseId, now), Kind.EXPIRE, null, now);
        }
        long freeUntil = Long.MAX_VALUE;
        for (Lease l : ledger.leases()) {
            if (l.isActive() && l.expiresAtMillis() > 0) {
                freeUntil = Math.min(freeUntil, l.expiresAtMillis());
            }
        }
        lapseFreeUntilMillis = freeUntil;
        return lapsed.size();
    }

    /** Every lease this actor opens goes through here, so the lapse bound knows of it. */
    private Lease openLease(String leaseId, long grantedMicros, long now, long ttlMillis) {
        Lease lease = ledger.openLease(leaseId, grantedMicros, now, ttlMillis);
        if (lease.expiresAtMillis() > 0) {
            lapseFreeUntilMillis = Math.min(lapseFreeUntilMillis, lease.expiresAtMillis());
        }
        return lease;
    }

    private Outcomes.AgentUsage usage() {
        BankAccount account = registry.bank().account(agentId).orElse(null);
        List<Outcomes.LeaseView> views = new ArrayList<>();
        for (Lease l : ledger.leases()) {
            views.add(new Outcomes.LeaseView(l.leaseId(), l.status(), l.grantedMicros(), l.spentMicros(),
                    l.reservedMicros(), l.expiresAtMillis(), LeaseIds.isHouse(l.leaseId())));
        }
        return new Outcomes.AgentUsage(agentId, account, ledger.spentMicros(), ledger.reservedMicros(), views);
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private void record(String leaseId, Kind kind, long reservationId, String requestId, long amountMicros,
                        long overrunMicros, long now) {
        pending.add(new JournalRecord(agentId, leaseId, kind, reservationId, requestId, amountMicros, overrunMicros,
                now));
    }

    /** Makes every pending record durable before going on (before bank calls and before answering). */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        // Handed over as is (the journal only reads it), not copied: a fresh list takes the next records.
        List<JournalRecord> out = pending;
        pending = new ArrayList<>(4);
        registry.journal().append(out).join();
    }

    /**
     * Before a bank operation on a lease: this actor's records are durable, and their effects on the store's tables
     * ({@code budget_spent}, the reservations in flight) are written, so the bank reads and overwrites exact figures.
     */
    private void flushApplied() {
        flush();
        registry.journal().applied().join();
    }

    /** The ledger as the store has it, once everything journaled so far shows in the store's tables. */
    private AgentLedger loadLedger() {
        registry.journal().applied().join();
        return registry.ledgerStore().load(agentId);
    }

    private void adoptHouseLease() {
        houseLeaseId = null;
        for (Lease l : ledger.leases()) {
            if (l.isActive() && LeaseIds.isHouse(l.leaseId())) {
                houseLeaseId = l.leaseId();
            }
        }
    }

    /** Returns the house lease's unspent, unreserved remainder to the bank; requests in flight give back theirs later. */
    private long returnHouseLease(long now) {
        if (houseLeaseId == null || !ledger.lease(houseLeaseId).isActive()) {
            return 0;
        }
        return close(houseLeaseId, ledger.returnLease(houseLeaseId, 0, now), Kind.CLOSE, null, now).returnedMicros();
    }

    private void passivate() {
        try {
            returnHouseLease(registry.nowMillis());
            flushApplied();
            ledger.forgetClosed();
            registry.ledgerStore().passivated(ledger);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "agent " + agentId + ": passivation failed; the store keeps the truth", e);
        } finally {
            registry.retired(this);
            gone.complete(null);
        }
    }

    /** Waits until this retired actor is out of the registry (its ledger is back in the store by then). */
    void awaitGone() {
        gone.join();
    }

    private void failAllAndRetire(Throwable cause) {
        int n = queued.getAndSet(RETIRED);
        registry.retired(this);
        gone.complete(null);
        Envelope<?> e;
        while ((e = mailbox.poll()) != null) {
            e.completeExceptionally(cause);
        }
        if (n < 0) {
            LOG.log(Level.WARNING, "agent " + agentId + ": retired twice");
        }
    }
}
