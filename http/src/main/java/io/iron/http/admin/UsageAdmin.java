package io.iron.http.admin;

import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.budget.LeaseStatus;
import io.iron.engine.store.directory.AgentRow;
import io.iron.http.ServerParts;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-agent usage, asked of the agent's actor (the one place that knows what its open leases hold right now):
 * allocated, drawn and remaining from the account; spent and reserved on its leases; its open leases.
 */
public final class UsageAdmin {
    private final ServerParts parts;
    private final AgentAdmin agents;

    public UsageAdmin(ServerParts parts, AgentAdmin agents) {
        this.parts = parts;
        this.agents = agents;
    }

    public Views.Usage of(long agentId) {
        return view(agents.require(agentId));
    }

    public List<Views.Usage> all() {
        List<Views.Usage> out = new ArrayList<>();
        for (AgentRow row : parts.directory().agents().list()) {
            out.add(view(row));
        }
        return out;
    }

    private Views.Usage view(AgentRow row) {
        Outcomes.AgentUsage u = parts.registry().ask(row.id(), new AgentCommand.Usage());
        List<Views.Lease> open = new ArrayList<>();
        for (Outcomes.LeaseView l : u.leases()) {
            if (l.status() == LeaseStatus.ACTIVE) {
                open.add(new Views.Lease(l.leaseId(), l.status().wire(), l.grantedMicros(), l.spentMicros(),
                        l.reservedMicros(), l.expiresAtMillis() > 0 ? l.expiresAtMillis() : null, l.house()));
            }
        }
        var a = u.account();
        return new Views.Usage(row.id(), row.name(), a == null ? null : a.allocatedMicros(),
                a == null ? null : a.drawnMicros(), a == null ? null : a.remainingMicros(), u.spentMicros(),
                u.reservedMicros(), open.size(), open);
    }
}
