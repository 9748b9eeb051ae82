package io.iron.proxy.budget;

import io.iron.engine.actor.ActorBusyException;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.bank.Bank;
import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.UnknownAgentException;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** A {@link BudgetGate} over the agents' actors: every reservation goes on the agent's house lease. */
public final class ActorBudgetGate implements BudgetGate {
    private static final long SETTLE_PATIENCE_NANOS = 30_000_000_000L;
    private final ActorRegistry actors;
    private final Bank bank;

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

    /** The bank's remainder plus what the call's house lease has free (read from the bank, not the actor). */
    @Override
    public OptionalLong remainingMicros(Hold hold, long chargedMicros) {
        Optional<BankAccount> account = bank.account(hold.agentId());
        if (account.isEmpty()) {
            return OptionalLong.empty();
        }
        long leaseFree = hold.leaseAvailableMicros() + (chargedMicros < 0 ? 0 : hold.amountMicros() - chargedMicros);
        return OptionalLong.of(account.get().remainingMicros() + Math.max(0, leaseFree));
    }
}
