package io.iron.proxy.budget;

import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.bank.UnknownAgentException;

import java.util.Objects;
import java.util.OptionalLong;

/** A {@link BudgetGate} over the agents' actors: every reservation goes on the agent's house lease. */
public final class ActorBudgetGate implements BudgetGate {
    private final ActorRegistry actors;

    public ActorBudgetGate(ActorRegistry actors) {
        this.actors = Objects.requireNonNull(actors, "actors");
    }

    @Override
    public Admission reserve(long agentId, long amountMicros) {
        Outcomes.ReserveOutcome out;
        try {
            out = actors.ask(agentId, new AgentCommand.Reserve(null, amountMicros));
        } catch (UnknownAgentException e) {
            // An agent without a budget row has a limit of 0: always blocked, as the reference's router.
            return new Admission.Exhausted(0, 0, 0);
        }
        return switch (out) {
            case Outcomes.Reserved r -> new Admission.Admitted(new Hold(agentId, r.leaseId(), r.reservationId(),
                    r.amountMicros()));
            case Outcomes.Exhausted x -> new Admission.Exhausted(x.spentMicros(), x.reservedMicros(), x.limitMicros());
            case Outcomes.Insufficient i -> new Admission.Insufficient(i.availableMicros(), i.requestedMicros());
            // The house lease is drawn afresh by the actor; an unusable one means it lapsed between two messages.
            case Outcomes.Unusable u -> throw new IllegalStateException("agent " + agentId + ": house lease "
                    + u.leaseId() + " unusable: " + u.problem().message());
        };
    }

    @Override
    public long settle(Hold hold, long actualMicros) {
        return actors.ask(hold.agentId(), new AgentCommand.Settle(hold.leaseId(), hold.reservationId(),
                actualMicros)).chargedMicros();
    }

    @Override
    public void release(Hold hold) {
        actors.ask(hold.agentId(), new AgentCommand.Release(hold.leaseId(), hold.reservationId()));
    }

    /** The bank's remainder plus what the agent's active house lease still has free. */
    @Override
    public OptionalLong remainingMicros(long agentId) {
        Outcomes.AgentUsage u = actors.ask(agentId, new AgentCommand.Usage());
        if (u.account() == null) {
            return OptionalLong.empty();
        }
        long free = u.account().remainingMicros();
        for (Outcomes.LeaseView l : u.leases()) {
            if (l.house() && l.status() == io.iron.engine.budget.LeaseStatus.ACTIVE) {
                free += Math.max(0, l.grantedMicros() - l.spentMicros() - l.reservedMicros());
            }
        }
        return OptionalLong.of(free);
    }
}
