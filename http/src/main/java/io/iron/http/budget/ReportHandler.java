package io.iron.http.budget;

import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.budget.ReportResult;
import io.iron.http.ApiError;
import io.iron.http.JsonCodec;
import io.iron.http.JsonFields;
import io.iron.http.JsonRequest;
import io.iron.http.Replies;
import io.iron.http.ServerParts;

import java.util.Optional;

/**
 * {@code POST /api/v1/budget/report} (§1.3), charged to the lease only (D10: no second charge at the agent level).
 * {@code request_id} is an idempotency key per lease: a replay gets the first answer's very body and is not charged.
 * Like the reference it needs no credential: whoever holds the lease id spends from that lease only.
 */
final class ReportHandler implements Handler {
    private final ServerParts parts;

    ReportHandler(ServerParts parts) {
        this.parts = parts;
    }

    /**
     * The 200 body: the reference's {@code budget_remaining} (the agent's account, which a report does not change
     * under D10) plus what the lease has left.
     */
    record ReportReply(boolean success, long budgetRemaining, long leaseRemaining) { }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonRequest.read(req, JsonRequest.BUDGET_BODY_LIMIT_BYTES);
        String leaseId = body.requiredString("lease_id");
        String requestId = body.requiredString("request_id");
        long tokens = body.requiredLong("tokens");
        long costMicros = body.requiredLong("cost_microdollars");
        String model = body.requiredString("model");
        String provider = body.requiredString("provider");

        Checks.text("lease_id", leaseId, Checks.ID_MAX);
        Checks.text("request_id", requestId, Checks.ID_MAX);
        if (tokens <= 0) {
            throw ApiError.badRequest("Invalid tokens: must be positive");
        }
        if (costMicros < 0) {
            throw ApiError.badRequest("Invalid cost_microdollars: cannot be negative");
        }
        Checks.text("model", model, Checks.MODEL_MAX);
        Checks.text("provider", provider, Checks.PROVIDER_MAX);

        long agentId = parts.bank().agentOfLease(leaseId).orElseThrow(LeaseRefusals::notFound);
        ReportResult result = parts.registry().ask(agentId, new AgentCommand.Report(leaseId, requestId, costMicros));
        switch (result) {
            case ReportResult.Charged c -> {
                String reply = JsonCodec.writeString(new ReportReply(true, bankRemaining(agentId),
                        c.leaseAvailableMicros()));
                parts.directory().reportReceipts().remember(leaseId, requestId, costMicros, reply, parts.nowMillis());
                parts.metrics().report("charged", costMicros);
                send(res, reply);
            }
            case ReportResult.Replayed r -> {
                parts.metrics().report("replayed", 0);
                Optional<String> first = parts.directory().reportReceipts().find(leaseId, requestId)
                        .filter(json -> json.contains("\"success\""));
                // The receipt is written just after the first answer; a replay racing it gets today's figures.
                send(res, first.orElseGet(() -> JsonCodec.writeString(new ReportReply(true, bankRemaining(agentId),
                        leaseRemaining(agentId, leaseId)))));
            }
            case ReportResult.Insufficient i -> {
                parts.metrics().report("refused", 0);
                throw ApiError.of(Status.FORBIDDEN_403, "Insufficient lease budget");
            }
            case ReportResult.LeaseUnusable u -> {
                parts.metrics().report("refused", 0);
                throw LeaseRefusals.forbidden(LeaseRefusals.resolve(u.problem(), leaseId, parts.budgetBook()));
            }
        }
    }

    private long leaseRemaining(long agentId, String leaseId) {
        return parts.registry().ask(agentId, new AgentCommand.Usage()).leases().stream()
                .filter(l -> l.leaseId().equals(leaseId))
                .mapToLong(l -> l.grantedMicros() - l.spentMicros() - l.reservedMicros())
                .findFirst().orElse(0);
    }

    private long bankRemaining(long agentId) {
        return parts.bank().account(agentId).map(a -> a.remainingMicros()).orElse(0L);
    }

    private static void send(ServerResponse res, String json) {
        res.status(Status.OK_200);
        res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json");
        res.send(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
