package io.iron.http.cli;

import io.iron.http.IronServer;
import io.iron.http.admin.AgentAdmin;
import io.iron.http.admin.Views;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * {@code iron serve --demo}: what the seed did in fifteen manual steps, done at start. Demo provider keys for OpenAI
 * and Anthropic pointing at the in-process mock provider (re-pointed on every start, the mock's port changes), and a
 * demo agent with a small budget whose IC token is regenerated and printed with ready-to-paste calls.
 */
final class Demo {
    static final String AGENT_NAME = "demo-agent";
    static final long AGENT_BUDGET_MICROS = 100_000; // $0.10: a few hundred mock calls
    /** What the printed handshake asks for: a part of the budget, so the printed gateway call still has money. */
    static final long HANDSHAKE_REQUEST_MICROS = 20_000;
    static final String KEY_DESCRIPTION = "iron demo key (in-process mock provider)";

    record Prepared(long agentId, String icToken, Views.Budget budget, boolean mock) { }

    private Demo() {
    }

    static Prepared prepare(IronServer server, Optional<MockUpstream> mock) {
        String apiKey = mock.map(MockUpstream::apiKey).orElse("sk-demo-no-real-key");
        for (String provider : new String[] {"openai", "anthropic"}) {
            String baseUrl = mock.map(MockUpstream::baseUrl).orElse(null);
            Optional<Views.ProviderKey> existing = server.admin().keys().list().stream()
                    .filter(k -> k.provider().equals(provider) && KEY_DESCRIPTION.equals(k.description()))
                    .findFirst();
            if (existing.isPresent()) {
                server.admin().keys().replace(existing.get().id(), apiKey, baseUrl);
            } else {
                server.admin().keys().add(provider, apiKey, baseUrl, KEY_DESCRIPTION);
            }
        }
        Optional<Views.Agent> agent = server.admin().agents().list().stream()
                .filter(a -> a.name().equals(AGENT_NAME)).findFirst();
        if (agent.isEmpty()) {
            Views.CreatedAgent created = server.admin().agents().create(new AgentAdmin.NewAgent(null, AGENT_NAME,
                    AGENT_BUDGET_MICROS, "openai", null));
            return new Prepared(created.agent().id(), created.icToken(), created.agent().budget(), mock.isPresent());
        }
        long id = agent.get().id();
        String token = server.admin().tokens().regenerate(id).icToken();
        return new Prepared(id, token, server.admin().agents().show(id).budget(), mock.isPresent());
    }

    static void print(PrintWriter out, String url, String adminToken, Prepared demo, boolean proxyMounted,
                      Optional<MockUpstream> mock) {
        out.println();
        out.println("Iron demo: development secrets and a local SQLite file. Do not use these settings in production.");
        if (mock.isPresent()) {
            out.println("Mock LLM provider running in this process at " + mock.get().baseUrl()
                    + ": the demo keys point at it, so the calls below work with no internet and no real key.");
        } else {
            out.println("No mock provider in this build: the demo keys hold no real key; store one with"
                    + " `iron key add`.");
        }
        out.println("Admin token: " + adminToken + "   (export IRON_ADMIN_TOKEN=" + adminToken
                + " to use iron agent/key/token/budget/usage/lease)");
        out.printf("Demo agent %d (%s): %s left of %s%n", demo.agentId(), AGENT_NAME,
                demo.budget() == null ? "-" : UsdAmount.format(demo.budget().budgetRemaining()),
                demo.budget() == null ? "-" : UsdAmount.format(demo.budget().totalAllocated()));
        out.println("IC token:");
        out.println(demo.icToken());
        out.println();
        out.println("Borrow a budget lease of " + UsdAmount.format(HANDSHAKE_REQUEST_MICROS) + " (the handshake of the"
                + " seed's runtime; without requested_budget it asks for $10, as the reference does, and would lend the"
                + " whole budget, leaving the gateway call below nothing until the lease is returned):");
        out.println("  curl -s " + url + "/api/v1/budget/handshake -H 'Content-Type: application/json' \\");
        out.println("    -d '{\"ic_token\":\"" + demo.icToken() + "\",\"provider\":\"openai\",\"requested_budget\":"
                + HANDSHAKE_REQUEST_MICROS + "}'");
        if (proxyMounted) {
            out.println("Call a model through the gateway (" + (mock.isPresent() ? "answered by the mock provider"
                    : "needs a real key") + "):");
            out.println("  curl -s " + url + "/v1/chat/completions -H 'Authorization: Bearer " + demo.icToken()
                    + "' \\");
            out.println("    -H 'Content-Type: application/json' -d '{\"model\":\"gpt-4o-mini\",\"max_tokens\":50,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Write about AI.\"}]}'");
        }
        out.println("See what it spent:  IRON_ADMIN_TOKEN=" + adminToken + " iron usage " + demo.agentId());
        out.println();
        out.flush();
    }
}
