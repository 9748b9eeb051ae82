package io.iron.http.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iron.http.Reply;
import io.iron.http.Sql;
import io.iron.http.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** The operators' API: credential, agents, budgets, provider keys, IC tokens, usage, reclaim. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
    private TestServer s;

    @BeforeAll
    void start() {
        s = TestServer.start();
        s.addOpenAiKey();
    }

    @AfterAll
    void stop() {
        s.close();
    }

    @Test
    void everyRouteWantsTheAdminCredential() {
        for (String[] route : new String[][] {{"GET", "/api/v1/agents"}, {"GET", "/api/v1/usage"},
                {"GET", "/api/v1/providers"}, {"DELETE", "/api/v1/agents/1"}, {"POST", "/api/v1/agents/1/ic-token"}}) {
            Reply none = s.send(route[0], route[1], null, null);
            assertEquals(401, none.status(), route[1]);
            assertEquals("Missing or wrong admin credential: send Authorization: Bearer $IRON_ADMIN_TOKEN",
                    none.error());
            Reply wrong = s.send(route[0], route[1], null, null, "Authorization", "Bearer not-the-token");
            assertEquals(401, wrong.status(), route[1]);
        }
    }

    @Test
    void createListShowDeleteAnAgent() {
        Reply created = s.admin("POST", "/api/v1/agents", Map.of("name", "writer", "budget_microdollars", 2_500_000));
        assertEquals(201, created.status(), created.body());
        JsonNode agent = created.json().path("agent");
        long id = agent.path("id").asLong();
        assertEquals("writer", agent.path("name").asText());
        assertEquals("[\"openai\"]", agent.path("providers").toString());
        assertEquals(1, agent.path("provider_key_id").asLong(), "assigned the first usable OpenAI key");
        assertEquals(2_500_000, agent.path("budget").path("budget_remaining").asLong());
        assertTrue(agent.path("has_ic_token").asBoolean());
        assertTrue(created.text("ic_token").startsWith("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."));

        assertTrue(s.admin("GET", "/api/v1/agents", null).body().contains("\"name\":\"writer\""));
        assertEquals("writer", s.admin("GET", "/api/v1/agents/agent_" + id, null).text("name"));
        assertEquals(204, s.admin("DELETE", "/api/v1/agents/" + id, null).status());
        assertEquals(404, s.admin("GET", "/api/v1/agents/" + id, null).status());
    }

    @Test
    void anExplicitIdIsTakenAndASecondUseOfItIs409() {
        assertEquals(201, s.admin("POST", "/api/v1/agents", Map.of("id", 4242, "name", "a",
                "budget_microdollars", 1)).status());
        Reply again = s.admin("POST", "/api/v1/agents", Map.of("id", 4242, "name", "b", "budget_microdollars", 1));
        assertEquals(409, again.status());
        assertEquals("Agent 4242 already exists", again.error());
    }

    @Test
    void anAgentWithAnActiveLeaseIsNotDeleted() {
        TestServer.Agent a = s.createAgent(null, 1_000);
        String lease = s.handshake(a.icToken()).text("lease_id");
        Reply r = s.admin("DELETE", "/api/v1/agents/" + a.id(), null);
        assertEquals(409, r.status());
        assertTrue(r.error().contains("1 active lease"), r.error());
        s.giveBack(lease, 0);
        assertEquals(204, s.admin("DELETE", "/api/v1/agents/" + a.id(), null).status());
    }

    @Test
    void setTheBudgetNotBelowWhatIsDrawnAndTopItUp() {
        TestServer.Agent a = s.createAgent(null, 10_000);
        s.handshake(a.icToken(), 4_000);
        Reply set = s.admin("PUT", "/api/v1/agents/" + a.id() + "/budget", Map.of("total_allocated_microdollars", 6_000));
        assertEquals("{\"agent_id\":" + a.id() + ",\"total_allocated\":6000,\"total_spent\":4000,"
                + "\"budget_remaining\":2000}", set.body());
        Reply below = s.admin("PUT", "/api/v1/agents/" + a.id() + "/budget", Map.of("total_allocated_microdollars", 3_999));
        assertEquals(400, below.status());
        assertTrue(below.error().contains("4000"), below.error());
        Reply topUp = s.admin("POST", "/api/v1/agents/" + a.id() + "/budget/top-up", Map.of("amount_microdollars", 500));
        assertEquals(2_500, topUp.num("budget_remaining"));
        assertEquals(6_500, topUp.num("total_allocated"));
        assertEquals(400, s.admin("POST", "/api/v1/agents/" + a.id() + "/budget/top-up",
                Map.of("amount_microdollars", 0)).status());
    }

    @Test
    void aProviderKeyIsStoredSealedAndShownMaskedNeverInPlaintext() {
        Reply added = s.admin("POST", "/api/v1/providers", Map.of("provider", "anthropic",
                "api_key", "sk-ant-api03-SECRETSECRET-xyz", "base_url", "http://127.0.0.1:9/x"));
        assertEquals(201, added.status(), added.body());
        assertEquals("sk-a...xyz", added.text("masked_key"));
        assertFalse(added.body().contains("SECRETSECRET"));
        assertFalse(s.admin("GET", "/api/v1/providers", null).body().contains("SECRETSECRET"));
        String stored = Sql.rows(s.db, "SELECT encrypted_api_key FROM ai_provider_keys WHERE id = ?",
                added.num("id")).getFirst().getFirst().toString();
        assertFalse(stored.contains("SECRET"));
        assertEquals("sk-ant-api03-SECRETSECRET-xyz", s.secrets.providerKeyVault().open(stored,
                Sql.rows(s.db, "SELECT encryption_nonce FROM ai_provider_keys WHERE id = ?", added.num("id"))
                        .getFirst().getFirst().toString()));
    }

    @Test
    void theFirstOpenAiKeyFillsThePlaceholderRowOneThatTheSeedsAgentPointsAt() {
        try (TestServer fresh = TestServer.start()) {
            assertEquals("(no key stored)", fresh.admin("GET", "/api/v1/providers/1", null).text("masked_key"));
            assertEquals(1, fresh.addOpenAiKey());
            assertEquals("sk-t...890", fresh.admin("GET", "/api/v1/providers/1", null).text("masked_key"));
            assertEquals(2, fresh.addOpenAiKey(), "the second key is a new row");
        }
    }

    @Test
    void issueIsRefusedWhileATokenIsInForceThenRegenerateAndRevoke() {
        TestServer.Agent a = s.createAgent(null, 1_000);
        Reply issue = s.admin("POST", "/api/v1/agents/" + a.id() + "/ic-token", null);
        assertEquals(409, issue.status());
        assertEquals("{\"error\":\"Agent already has IC token. Use regenerate endpoint to replace it.\","
                + "\"code\":\"IC_TOKEN_EXISTS\"}", issue.body());

        Reply regen = s.admin("POST", "/api/v1/agents/" + a.id() + "/ic-token/regenerate", null);
        assertEquals(200, regen.status());
        assertTrue(regen.json().path("old_token_invalidated").asBoolean());
        assertNotEquals(a.icToken(), regen.text("ic_token"));

        assertEquals(204, s.admin("DELETE", "/api/v1/agents/" + a.id() + "/ic-token", null).status());
        assertFalse(s.admin("GET", "/api/v1/agents/" + a.id() + "/ic-token", null).json().path("has_ic_token")
                .asBoolean());
        Reply reissued = s.admin("POST", "/api/v1/agents/" + a.id() + "/ic-token", null);
        assertEquals(201, reissued.status());
        assertNotEquals(regen.text("ic_token"), reissued.text("ic_token"), "never the revoked token again");
        assertEquals(401, s.handshake(regen.text("ic_token")).status());
        assertEquals(200, s.handshake(reissued.text("ic_token")).status());
    }

    @Test
    void tokenRoutesOfAnUnknownAgentAre404() {
        Reply r = s.admin("POST", "/api/v1/agents/987654/ic-token/regenerate", null);
        assertEquals(404, r.status());
        assertEquals("{\"error\":\"Agent not found\",\"code\":\"AGENT_NOT_FOUND\"}", r.body());
    }

    @Test
    void usageShowsAllocatedDrawnSpentReservedAndOpenLeases() {
        TestServer.Agent a = s.createAgent(null, 10_000);
        String lease = s.handshake(a.icToken(), 4_000).text("lease_id");
        s.report(lease, "r", 1_500);
        Reply u = s.admin("GET", "/api/v1/agents/" + a.id() + "/usage", null);
        assertEquals(200, u.status(), u.body());
        assertEquals(10_000, u.num("allocated_microdollars"));
        assertEquals(4_000, u.num("drawn_microdollars"));
        assertEquals(6_000, u.num("remaining_microdollars"));
        assertEquals(1_500, u.num("spent_microdollars"));
        assertEquals(0, u.num("reserved_microdollars"));
        assertEquals(1, u.num("open_lease_count"));
        assertEquals(lease, u.json().path("open_leases").get(0).path("lease_id").asText());
        assertTrue(s.admin("GET", "/api/v1/usage", null).body().contains("\"agent_id\":" + a.id()));
    }

    @Test
    void reclaimGivesTheRemainderBackAndIsRecordedWithItsReason() {
        TestServer.Agent a = s.createAgent(null, 10_000);
        String lease = s.handshake(a.icToken(), 4_000).text("lease_id");
        s.report(lease, "r", 1_000);
        Reply r = s.admin("POST", "/api/v1/leases/" + lease + "/reclaim", Map.of("reason", "agent retired"));
        assertEquals(200, r.status(), r.body());
        assertEquals(3_000, r.num("returned_microdollars"));
        assertEquals(1_000, r.num("spent_microdollars"));
        assertEquals(9_000, s.account(a.id())[2]);
        assertEquals(java.util.List.of("admin", "agent retired", 3_000L), Sql.rows(s.db,
                "SELECT actor, reason, amount_micros FROM iron_lease_reclaims WHERE lease_id = ?", lease).getFirst()
                .stream().map(v -> v instanceof Number n ? (Object) n.longValue() : v).toList());
        Reply again = s.admin("POST", "/api/v1/leases/" + lease + "/reclaim", Map.of("reason", "twice"));
        assertEquals(409, again.status());
    }

    @Test
    void unknownAdminPathsAreJson404() {
        Reply r = s.admin("GET", "/api/v1/nothing-here", null);
        assertEquals(404, r.status());
        assertEquals("Not found", r.error());
    }
}
