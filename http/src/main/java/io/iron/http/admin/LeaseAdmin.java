package io.iron.http.admin;

import io.helidon.http.Status;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.budget.Closing;
import io.iron.engine.budget.LeaseProblem;
import io.iron.http.ApiError;
import io.iron.http.ServerParts;

import java.nio.charset.StandardCharsets;

/**
 * Explicit reclaim of a lease (D13): through the agent's actor, which closes the lease as revoked, gives its unspent,
 * unreserved remainder back to the account and records who asked and why. Requests in flight on it settle normally.
 */
public final class LeaseAdmin {
    static final int REASON_MAX = 500;
    private final ServerParts parts;

    public LeaseAdmin(ServerParts parts) {
        this.parts = parts;
    }

    public Views.Reclaimed reclaim(String leaseId, String reason) {
        if (leaseId == null || leaseId.isBlank() || leaseId.length() > 100) {
            throw ApiError.badRequest("Invalid lease id");
        }
        if (reason == null || reason.strip().isEmpty()) {
            throw ApiError.badRequest("reason cannot be empty: say why the lease is reclaimed");
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > REASON_MAX) {
            throw ApiError.badRequest("reason too long (max " + REASON_MAX + " characters)");
        }
        long agentId = parts.bank().agentOfLease(leaseId)
                .orElseThrow(() -> ApiError.of(Status.NOT_FOUND_404, LeaseProblem.NOT_FOUND.message()));
        Closing c = parts.registry().ask(agentId, new AgentCommand.Reclaim(leaseId, "admin: " + reason.strip()));
        if (!c.ok()) {
            throw c.problem() == LeaseProblem.NOT_FOUND
                    ? ApiError.of(Status.NOT_FOUND_404, LeaseProblem.NOT_FOUND.message())
                    : ApiError.of(Status.CONFLICT_409, "Lease is not active");
        }
        parts.metrics().leaseClosed("reclaim", c.returnedMicros());
        return new Views.Reclaimed(leaseId, agentId, c.returnedMicros(), c.finalSpentMicros(), reason.strip());
    }
}
