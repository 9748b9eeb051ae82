package io.iron.proxy.budget;

import io.iron.engine.actor.ActorBusyException;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.bank.Bank;
import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.UnknownAgentException;
import io.iron.proxy.ShortCache;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@link BudgetGate} over the agents' actors: every reservation goes on the agent's house lease.
 *
 * <p>The remaining-budget snapshot adds the bank's remainder, which is read at most once per
 * {@link #BANK_SNAPSHOT_MILLIS} per agent and house lease rather than on every call: the house lease changes (a new
 * id) whenever this node draws from the bank, so the snapshot is re-read then; other changes to the bank (a top-up,
 * a lease drawn by a runtime or another node) show within that time.
 */
public final class ActorBudgetGate implements BudgetGate {
    /** How old the bank remainder in the remaining-budget snapshot may be. */
    public static final long BANK_SNAPSHOT_MILLIS = 1_000;
    private static final long SETTLE_PATIENCE_NANOS = 30_000_000_000L;
    private final ActorRegistry actors;
    private final Bank bank;
    private final ShortCache<SnapshotKey, Long> bankSnapshots = new ShortCache<>(BANK_SNAPSHOT_MILLIS, 100_000);

    /** An agent's bank remainder is remembered per house lease; the value is null when it has no account. */
    private record SnapshotKey(long agentId, String leaseId) { }

    /** @param bank the bank under {@code actors}, read directly for the remaining-budget snapshot */
    public ActorBudgetGate(ActorRegistry actors, Bank bank) {
        this.actors = Objects.requireNonNull(actors, "actors");
        this.bank = Objects.requireNonNull(bank, "bank");
    }

    @Override
    public Admission reserve(long agentId, long amountMicros) {
        for (int attempt = 1; ; attempt++) {
            Outcomes.ReserveOutcome out;
            try {
                out = actors.ask(agentId, new AgentCommand.Reserve(null, amountMicros));
            } catch (UnknownAgentException e) {
                // An agent without a budget row has a limit of 0: always blocked, as the reference's router.
                return new Admission.Exhausted(0, 0, 0);
            }
            switch (out) {
                case Outcomes.Reserved r -> {
                    return new Admission.Admitted(new Hold(agentId, r.leaseId(), r.reservationId(), r.amountMicros(),
                            r.availableAfterMicros()));
                }
                case Outcomes.Exhausted x -> {
                    return new Admission.Exhausted(x.spentMicros(), x.reservedMicros(), x.limitMicros());
                }
                case Outcomes.Insufficient i -> {
                    return new Admission.Insufficient(i.availableMicros(), i.requestedMicros());
                }
                case Outcomes.Unusable u -> {
                    // The house lease lapsed between two messages; the actor draws a fresh one on the next try.
                    if (attempt >= 3) {
                        throw new IllegalStateException("agent " + agentId + ": house lease " + u.leaseId()
                                + " unusable: " + u.problem().message());
                    }
                }
            }
        }
    }

    /** A settlement must not be lost to a full mailbox: it waits its turn (bounded) instead. */
    @Override
    public long settle(Hold hold, long actualMicros) {
        return patiently(hold, () -> actors.ask(hold.agentId(), new AgentCommand.Settle(hold.leaseId(),
                hold.reservationId(), actualMicros)).chargedMicros());
    }

    @Override
    public void release(Hold hold) {
        patiently(hold, () -> actors.ask(hold.agentId(), new AgentCommand.Release(hold.leaseId(),
                hold.reservationId())).chargedMicros());
    }

    private static long patiently(Hold hold, java.util.function.LongSupplier command) {
        long deadline = System.nanoTime() + SETTLE_PATIENCE_NANOS;
        long pauseMillis = 1;
        while (true) {
            try {
                return command.getAsLong();
            } catch (ActorBusyException e) {
                if (System.nanoTime() > deadline) {
                    throw e; // the reservation stays counted in full: never an overspend
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMillis = Math.min(100, pauseMillis * 2);
            }
        }
    }

    /** The bank's remainder (a snapshot, see above) plus what the call's house lease has free. */
    @Override
    public OptionalLong remainingMicros(Hold hold, long chargedMicros) {
        Long bankRemaining = bankRemainingMicros(hold);
        if (bankRemaining == null) {
            return OptionalLong.empty();
        }
        long leaseFree = hold.leaseAvailableMicros() + (chargedMicros < 0 ? 0 : hold.amountMicros() - chargedMicros);
        return OptionalLong.of(bankRemaining + Math.max(0, leaseFree));
    }

    private Long bankRemainingMicros(Hold hold) {
        // Keyed by the house lease too: a new lease (this node drew from the bank) misses and reads the bank again.
        return bankSnapshots.get(new SnapshotKey(hold.agentId(), hold.leaseId()),
                k -> bank.account(k.agentId()).map(BankAccount::remainingMicros).orElse(null));
    }
}
