package io.iron.http.budget;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.budget.Closing;
import io.iron.http.ApiError;
import io.iron.http.JsonFields;
import io.iron.http.JsonRequest;
import io.iron.http.Replies;
import io.iron.http.ServerParts;

/**
 * {@code POST /api/v1/budget/return} (§1.5) with D11: an active lease only (else 400 "Lease is not active"), and it
 * gives back {@code granted - max(server spent, client spent)}: a client cannot claim back money the server saw spent.
 */
final class ReturnHandler implements Handler {
    private final ServerParts parts;

    ReturnHandler(ServerParts parts) {
        this.parts = parts;
    }

    record ReturnReply(boolean success, long returned) { }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonRequest.read(req, JsonRequest.BUDGET_BODY_LIMIT_BYTES);
        String leaseId = body.requiredString("lease_id");
        Long spent = body.optionalLong("spent_microdollars");
        Checks.text("lease_id", leaseId, Checks.ID_MAX);
        long spentMicros = spent == null ? 0 : spent;
        if (spentMicros < 0) {
            throw ApiError.badRequest("Invalid spent_microdollars: cannot be negative");
        }
        long agentId = parts.bank().agentOfLease(leaseId).orElseThrow(LeaseRefusals::notFound);
        Closing closing = parts.registry().ask(agentId, new AgentCommand.Return(leaseId, spentMicros));
        if (!closing.ok()) {
            throw LeaseRefusals.notReturnable(LeaseRefusals.resolve(closing.problem(), leaseId,
                    parts.budgetBook()));
        }
        parts.metrics().leaseClosed("return", closing.returnedMicros());
        Replies.ok(res, new ReturnReply(true, closing.returnedMicros()));
    }
}
