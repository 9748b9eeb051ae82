package io.iron.http.budget;

import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.UnknownAgentException;
import io.iron.engine.store.db.SeededRows;
import io.iron.engine.store.directory.AgentRow;
import io.iron.http.ApiError;
import io.iron.http.JsonFields;
import io.iron.http.JsonRequest;
import io.iron.http.Replies;
import io.iron.http.ServerParts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/budget/handshake} (PROTOCOL part 2 §1.2), in the reference's order except that the provider
 * key is chosen, checked and sealed before anything is reserved (D12): a failed handshake costs the agent nothing.
 * The grant itself is the agent's actor's (one agent's handshakes never race).
 */
final class HandshakeHandler implements Handler {
    private final ServerParts parts;
    private final IcTokenGate gate;
    private final IpTokenIssuer issuer;

    HandshakeHandler(ServerParts parts, IcTokenGate gate, IpTokenIssuer issuer) {
        this.parts = parts;
        this.gate = gate;
        this.issuer = issuer;
    }

    /** The 200 body: the reference's fields ({@code expires_at} in ms), plus where the provider lives. */
    record HandshakeReply(String ipToken, String leaseId, long budgetGranted, long budgetRemaining, Long expiresAt,
                          String provider, String baseUrl) { }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        JsonFields body = JsonRequest.read(req, JsonRequest.BUDGET_BODY_LIMIT_BYTES);
        String icToken = body.requiredString("ic_token");
        String provider = body.requiredString("provider");
        Long providerKeyId = body.optionalLong("provider_key_id");
        Long requested = body.optionalLong("requested_budget");

        Checks.text("ic_token", icToken, Checks.IC_TOKEN_MAX);
        Checks.text("provider", provider, Checks.PROVIDER_MAX);
        if (requested != null && requested <= 0) {
            throw ApiError.badRequest("Invalid requested_budget: must be positive");
        }
        if (requested != null && requested > Checks.HANDSHAKE_MAX_MICROS) {
            throw ApiError.badRequest("Invalid requested_budget: exceeds maximum (100000000 microdollars / $100.00 USD)");
        }

        AgentRow agent = gate.forHandshake(icToken);
        ensureAccount(agent);
        if (!provider.equals("openai") && !provider.equals("anthropic")) {
            throw ApiError.badRequest("Unsupported provider: " + provider);
        }
        IpTokenIssuer.Issued issued = issuer.issue(agent, provider, providerKeyId);

        long requestedMicros = requested == null ? Checks.HANDSHAKE_DEFAULT_MICROS : requested;
        Outcomes.HandshakeOutcome outcome;
        try {
            outcome = parts.registry().ask(agent.id(), new AgentCommand.Handshake(requestedMicros,
                    parts.leaseTtlMillis()));
        } catch (UnknownAgentException e) {
            throw budgetExceeded(null);
        }
        switch (outcome) {
            case Outcomes.Granted g -> {
                parts.metrics().grant("handshake", g.grantedMicros());
                Replies.ok(res, new HandshakeReply(issued.ipToken(), g.leaseId(), g.grantedMicros(),
                        g.bankRemainingMicros(), g.expiresAtMillis() > 0 ? g.expiresAtMillis() : null, provider,
                        issued.baseUrl()));
            }
            case Outcomes.Denied d -> throw budgetExceeded(d.account());
        }
    }

    /**
     * Step 5: an agent without an account gets one seeded from what its owner has left this month; nothing left →
     * 403. (An agent created through the admin API always has one.)
     */
    private void ensureAccount(AgentRow agent) {
        if (parts.bank().account(agent.id()).isPresent()) {
            return;
        }
        String owner = agent.ownerId() == null || agent.ownerId().isBlank() ? SeededRows.ADMIN_USER_ID
                : agent.ownerId();
        long seedMicros = parts.directory().ownerLimits().seedableBudgetMicros(owner);
        if (seedMicros <= 0) {
            throw budgetExceeded(null);
        }
        parts.budgetBook().open(agent.id(), seedMicros, parts.nowMillis());
    }

    private ApiError budgetExceeded(BankAccount account) {
        parts.metrics().blocked("handshake_budget_exceeded");
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("total_allocated", account == null ? null : account.allocatedMicros());
        totals.put("total_spent", account == null ? null : account.drawnMicros());
        totals.put("budget_remaining", account == null ? null : account.remainingMicros());
        return ApiError.withFields(Status.FORBIDDEN_403, "Budget limit exceeded", totals);
    }
}
