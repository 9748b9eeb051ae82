package io.iron.http.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.iron.http.ApiError;
import io.iron.http.JsonFields;
import io.iron.http.JsonRequest;
import io.iron.http.Replies;
import io.iron.http.ServerParts;

/**
 * The operators' API, every route behind {@link AdminAuth}. The route table (amounts in µ$):
 * <pre>
 * POST   /api/v1/agents                           {name, budget_microdollars, provider?, provider_key_id?, id?} → 201
 * GET    /api/v1/agents                           list
 * GET    /api/v1/agents/{id}                      show
 * DELETE /api/v1/agents/{id}                      delete → 204 (409 while it has active leases)
 * PUT    /api/v1/agents/{id}/budget               {total_allocated_microdollars}
 * POST   /api/v1/agents/{id}/budget/top-up        {amount_microdollars}
 * GET    /api/v1/agents/{id}/usage                usage of one agent
 * GET    /api/v1/usage                            usage of every agent
 * GET    /api/v1/agents/{id}/ic-token             {has_ic_token, created_at}
 * POST   /api/v1/agents/{id}/ic-token             issue → 201 (409 when one is in force)
 * POST   /api/v1/agents/{id}/ic-token/regenerate  regenerate (the old token stops working)
 * DELETE /api/v1/agents/{id}/ic-token             revoke → 204
 * POST   /api/v1/providers                        {provider, api_key, base_url?, description?} → 201, masked
 * GET    /api/v1/providers                        list, masked
 * GET    /api/v1/providers/{id}                   show, masked
 * PUT    /api/v1/providers/{id}                   {is_enabled}
 * POST   /api/v1/leases/{lease_id}/reclaim        {reason}
 * </pre>
 */
public final class AdminRoutes {
    private static final int BODY_LIMIT_BYTES = 64 * 1024;

    private final AdminAuth auth;
    private final AgentAdmin agents;
    private final TokenAdmin tokens;
    private final ProviderKeyAdmin keys;
    private final UsageAdmin usage;
    private final LeaseAdmin leases;

    public AdminRoutes(ServerParts parts, AdminAuth auth) {
        this.auth = auth;
        this.tokens = new TokenAdmin(parts);
        this.agents = new AgentAdmin(parts, tokens);
        this.keys = new ProviderKeyAdmin(parts);
        this.usage = new UsageAdmin(parts, agents);
        this.leases = new LeaseAdmin(parts);
    }

    public AgentAdmin agents() {
        return agents;
    }

    public TokenAdmin tokens() {
        return tokens;
    }

    public ProviderKeyAdmin keys() {
        return keys;
    }

    public UsageAdmin usage() {
        return usage;
    }

    public void register(HttpRouting.Builder r) {
        r.post("/api/v1/agents", guard(this::createAgent))
                .get("/api/v1/agents", guard((req, res) -> Replies.ok(res, agents.list())))
                .get("/api/v1/agents/{id}", guard((req, res) -> Replies.ok(res, agents.show(agentId(req)))))
                .delete("/api/v1/agents/{id}", guard((req, res) -> {
                    agents.delete(agentId(req));
                    noContent(res);
                }))
                .put("/api/v1/agents/{id}/budget", guard((req, res) -> {
                    long id = agentId(req);
                    JsonFields body = body(req);
                    Replies.ok(res, agents.setBudget(id, body.requiredLong("total_allocated_microdollars")));
                }))
                .post("/api/v1/agents/{id}/budget/top-up", guard((req, res) -> {
                    long id = agentId(req);
                    JsonFields body = body(req);
                    Replies.ok(res, agents.topUp(id, body.requiredLong("amount_microdollars")));
                }))
                .get("/api/v1/agents/{id}/usage", guard((req, res) -> Replies.ok(res, usage.of(agentId(req)))))
                .get("/api/v1/usage", guard((req, res) -> Replies.ok(res, usage.all())))
                .get("/api/v1/agents/{id}/ic-token", guard((req, res) -> Replies.ok(res, tokens.status(agentId(req)))))
                .post("/api/v1/agents/{id}/ic-token", guard((req, res) ->
                        Replies.json(res, Status.CREATED_201, tokens.issue(agentId(req)))))
                .post("/api/v1/agents/{id}/ic-token/regenerate", guard((req, res) ->
                        Replies.ok(res, tokens.regenerate(agentId(req)))))
                .delete("/api/v1/agents/{id}/ic-token", guard((req, res) -> {
                    tokens.revoke(agentId(req));
                    noContent(res);
                }))
                .post("/api/v1/providers", guard((req, res) -> {
                    JsonFields body = body(req);
                    Replies.json(res, Status.CREATED_201, keys.add(body.requiredString("provider"),
                            body.requiredString("api_key"), body.optionalString("base_url"),
                            body.optionalString("description")));
                }))
                .get("/api/v1/providers", guard((req, res) -> Replies.ok(res, keys.list())))
                .get("/api/v1/providers/{id}", guard((req, res) -> Replies.ok(res, keys.show(keyId(req)))))
                .put("/api/v1/providers/{id}", guard((req, res) -> {
                    long id = keyId(req);
                    Boolean enabled = body(req).optionalBoolean("is_enabled");
                    if (enabled == null) {
                        throw ApiError.badRequest("is_enabled is required (true or false)");
                    }
                    Replies.ok(res, keys.setEnabled(id, enabled));
                }))
                .post("/api/v1/leases/{leaseId}/reclaim", guard((req, res) -> {
                    String leaseId = req.path().pathParameters().get("leaseId");
                    JsonFields body = body(req);
                    Replies.ok(res, leases.reclaim(leaseId, body.optionalString("reason")));
                }));
    }

    private void createAgent(ServerRequest req, ServerResponse res) {
        JsonFields body = body(req);
        Long budget = body.optionalLong("budget_microdollars");
        if (budget == null) {
            budget = body.optionalLong("initial_budget_microdollars");
        }
        if (budget == null) {
            throw ApiError.of(Status.UNPROCESSABLE_CONTENT_422,
                    "Failed to deserialize the JSON body: missing field `budget_microdollars`");
        }
        AgentAdmin.NewAgent spec = new AgentAdmin.NewAgent(body.optionalLong("id"), body.requiredString("name"),
                budget, body.optionalString("provider"), body.optionalLong("provider_key_id"));
        Replies.json(res, Status.CREATED_201, agents.create(spec));
    }

    private Handler guard(Handler h) {
        return auth.guard(h);
    }

    private static JsonFields body(ServerRequest req) {
        return JsonRequest.read(req, BODY_LIMIT_BYTES);
    }

    private static long agentId(ServerRequest req) {
        return AgentIds.parse(req.path().pathParameters().get("id"));
    }

    private static long keyId(ServerRequest req) {
        String text = req.path().pathParameters().get("id");
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the 400
        }
        throw ApiError.badRequest("Invalid provider key id: expected a positive number");
    }

    private static void noContent(ServerResponse res) {
        res.status(Status.NO_CONTENT_204);
        res.send();
    }
}
