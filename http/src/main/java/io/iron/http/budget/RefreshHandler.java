package io.iron.http.budget;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.bank.UnknownAgentException;
import io.iron.engine.store.directory.AgentRow;
import io.iron.http.ApiError;
import io.iron.http.JsonFields;
import io.iron.http.JsonRequest;
import io.iron.http.Replies;
import io.iron.http.ServerParts;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code POST /api/v1/budget/refresh} (§1.4) with D11: only an active lease can be refreshed, and its unused
 * remainder goes back to the agent's account as the new lease is granted.
 *
 * <p>Authorization (our decision): {@code Authorization: Bearer <token>} where the token is EITHER a user JWT signed
 * with {@code JWT_SECRET} (the reference's rule, any role) OR the very IC token of the body, so an edge proxy that
 * holds only an IC token can refresh. The reference's 401 bodies answer a missing or a bad credential, before the
 * body's fields are looked at.
 */
final class RefreshHandler implements Handler {
    private static final System.Logger LOG = System.getLogger(RefreshHandler.class.getName());
    private static final ApiError MISSING = authError("AUTH_MISSING_TOKEN", "Missing authentication token");
    private static final ApiError INVALID = authError("AUTH_INVALID_TOKEN", "Invalid or expired authentication token");

    private final ServerParts parts;
    private final IcTokenGate gate;
    private final UserJwts userJwts;

    RefreshHandler(ServerParts parts, IcTokenGate gate, UserJwts userJwts) {
        this.parts = parts;
        this.gate = gate;
        this.userJwts = userJwts;
    }

    /** The reference's body (approved or denied), plus the new lease's {@code expires_at} in ms. */
    record RefreshReply(String status, Long budgetGranted, long budgetRemaining, String leaseId, String reason,
                        Long expiresAt) { }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String bearer = bearer(req);
        String approver = userJwts.subjectOf(bearer);
        JsonFields body;
        try {
            body = JsonRequest.read(req, JsonRequest.BUDGET_BODY_LIMIT_BYTES);
        } catch (ApiError e) {
            // Without a user JWT the credential is in the body; an unreadable body authenticates nobody.
            throw approver == null ? INVALID : e;
        }
        if (approver == null) {
            String bodyToken = body.has("ic_token") ? bodyTokenOrNull(body) : null;
            if (bodyToken == null || !constantTimeEquals(bodyToken, bearer)) {
                throw INVALID;
            }
        }
        String icToken = body.requiredString("ic_token");
        String currentLeaseId = body.requiredString("current_lease_id");
        Long requested = body.optionalLong("requested_budget");
        Checks.text("ic_token", icToken, Checks.IC_TOKEN_MAX);
        Checks.text("current_lease_id", currentLeaseId, Checks.ID_MAX);
        if (requested != null && requested <= 0) {
            throw ApiError.badRequest("Invalid requested_budget: must be positive");
        }
        if (requested != null && requested > Checks.REFRESH_MAX_MICROS) {
            throw ApiError.badRequest("Invalid requested_budget: too large (max 1000000000 microdollars)");
        }

        AgentRow agent = gate.forRefresh(icToken);
        OptionalLong owner = parts.bank().agentOfLease(currentLeaseId);
        if (owner.isEmpty()) {
            throw LeaseRefusals.notFound();
        }
        if (owner.getAsLong() != agent.id()) {
            throw ApiError.of(Status.FORBIDDEN_403, "Unauthorized - lease belongs to different agent");
        }
        if (approver != null) {
            LOG.log(Level.DEBUG, () -> "refresh of agent " + agent.id() + " approved by user " + approver);
        }
        long requestedMicros = requested == null ? Checks.REFRESH_DEFAULT_MICROS : requested;
        Outcomes.RefreshOutcome outcome;
        try {
            outcome = parts.registry().ask(agent.id(), new AgentCommand.Refresh(currentLeaseId, requestedMicros,
                    parts.leaseTtlMillis()));
        } catch (UnknownAgentException e) {
            throw ApiError.of(Status.FORBIDDEN_403, "No budget allocated");
        }
        switch (outcome) {
            case Outcomes.Refreshed r -> {
                parts.metrics().grant("refresh", r.grantedMicros());
                Replies.ok(res, new RefreshReply("approved", r.grantedMicros(), r.bankRemainingMicros(),
                        r.newLeaseId(), null, r.expiresAtMillis() > 0 ? r.expiresAtMillis() : null));
            }
            case Outcomes.RefreshDenied d -> {
                parts.metrics().blocked("refresh_insufficient_budget");
                Replies.ok(res, new RefreshReply("denied", null, d.bankRemainingMicros(), null,
                        "insufficient_budget", null));
            }
            case Outcomes.RefreshRefused f -> throw LeaseRefusals.forbidden(LeaseRefusals.resolve(f.problem(),
                    currentLeaseId, parts.budgetBook()));
        }
    }

    /** The reference's nested auth error body, {@code {"error":{"code":..,"message":..}}}, in that field order. */
    private static ApiError authError(String code, String message) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", code);
        inner.put("message", message);
        return ApiError.body(Status.UNAUTHORIZED_401, Map.of("error", inner));
    }

    private static String bearer(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (header == null || !header.startsWith("Bearer ")) {
            throw MISSING;
        }
        String token = header.substring("Bearer ".length()).strip();
        if (token.isEmpty()) {
            throw MISSING;
        }
        return token;
    }

    private static String bodyTokenOrNull(JsonFields body) {
        try {
            return body.optionalString("ic_token");
        } catch (ApiError e) {
            return null;
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
