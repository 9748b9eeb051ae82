package io.iron.http.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iron.http.Jwts;
import io.iron.http.Reply;
import io.iron.http.Sql;
import io.iron.http.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every answer of {@code POST /api/v1/budget/handshake} (PROTOCOL §1.2 with D2, D12, D15). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandshakeTest {
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

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private Reply hs(Object... kv) {
        return s.postJson("/api/v1/budget/handshake", body(kv));
    }

    @Test
    void grantsTheDefaultTenDollarsCappedByWhatRemains() {
        TestServer.Agent a = s.createAgent(null, 25_000_000);
        Reply r = s.handshake(a.icToken());
        assertEquals(200, r.status(), r.body());
        assertEquals(10_000_000, r.num("budget_granted"));
        assertEquals(15_000_000, r.num("budget_remaining"));
    }

    @Test
    void grantsPartiallyWhenLessRemainsThanRequested() {
        TestServer.Agent a = s.createAgent(null, 5_000_000);
        Reply r = s.handshake(a.icToken(), 10_000_000);
        assertEquals(200, r.status(), r.body());
        assertEquals(5_000_000, r.num("budget_granted"));
        assertEquals(0, r.num("budget_remaining"));
    }

    @Test
    void answersTheLeaseExpiryInMillisecondsOneHourAhead() {
        TestServer.Agent a = s.createAgent(null, 1_000);
        long before = s.clock.getAsLong();
        Reply r = s.handshake(a.icToken());
        long expiresAt = r.num("expires_at");
        assertTrue(expiresAt >= before + 3_600_000 && expiresAt <= s.clock.getAsLong() + 3_600_000, r.body());
    }

    @Test
    void theIpTokenOpensWithIpTokenKeyToTheProviderKeyAndDiffersEveryTime() {
        TestServer.Agent a = s.createAgent(null, 2_000);
        Reply r1 = s.handshake(a.icToken(), 1_000);
        Reply r2 = s.handshake(a.icToken(), 1_000);
        assertEquals(TestServer.PROVIDER_KEY, s.secrets.ipTokens().open(r1.text("ip_token")));
        assertNotEquals(r1.text("ip_token"), r2.text("ip_token"));
        assertNotEquals(r1.text("lease_id"), r2.text("lease_id"));
    }

    @Test
    void unknownFieldsAreIgnoredAndTheAuthorizationHeaderToo() {
        TestServer.Agent a = s.createAgent(null, 1_000);
        Reply r = s.post("/api/v1/budget/handshake", "{\"ic_token\":\"" + a.icToken() + "\",\"provider\":\"openai\","
                + "\"runtime_version\":\"0.4.0\",\"runtime_id\":\"r1\",\"timestamp\":5,\"extra\":{\"a\":[1]}}",
                "Authorization", "Bearer whatever");
        assertEquals(200, r.status(), r.body());
    }

    @Test
    void anyJwtHeaderFieldOrderVerifies() {
        TestServer.Agent a = s.createAgent(null, 1_000);
        Sql.update(s.db, "UPDATE agents SET ic_token_hash = NULL WHERE id = ?", a.id());
        String token = Jwts.sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"agent_id\":\"agent_" + a.id()
                + "\",\"budget_id\":\"b\",\"iat\":1,\"iss\":\"iron-control-panel\",\"permissions\":[]}",
                io.iron.engine.config.Secrets.DEV_IC_TOKEN_SECRET);
        assertEquals(200, s.handshake(token).status());
    }

    // ------------------------------------------------------------------ 400: field rules, in the reference order

    @Test
    void emptyIcTokenIs400() {
        assertEquals("ic_token cannot be empty", hs("ic_token", "", "provider", "openai").error());
    }

    @Test
    void whitespaceIcTokenCountsAsEmpty() {
        Reply r = hs("ic_token", "   \t\n  ", "provider", "openai");
        assertEquals(400, r.status());
        assertEquals("ic_token cannot be empty", r.error());
    }

    @Test
    void icTokenOver2000BytesIs400() {
        Reply r = hs("ic_token", "a".repeat(2001), "provider", "openai");
        assertEquals(400, r.status());
        assertEquals("ic_token too long (max 2000 characters)", r.error());
    }

    @Test
    void emptyProviderIs400() {
        assertEquals("provider cannot be empty", hs("ic_token", "x", "provider", " ").error());
    }

    @Test
    void providerOver50BytesIs400() {
        assertEquals("provider too long (max 50 characters)", hs("ic_token", "x", "provider", "p".repeat(51)).error());
    }

    @Test
    void zeroOrNegativeRequestedBudgetIs400() {
        assertEquals("Invalid requested_budget: must be positive",
                hs("ic_token", "x", "provider", "openai", "requested_budget", 0).error());
        assertEquals("Invalid requested_budget: must be positive",
                hs("ic_token", "x", "provider", "openai", "requested_budget", -5).error());
    }

    @Test
    void requestedBudgetAboveHundredDollarsIs400() {
        Reply r = hs("ic_token", "x", "provider", "openai", "requested_budget", 100_000_001);
        assertEquals(400, r.status());
        assertEquals("Invalid requested_budget: exceeds maximum (100000000 microdollars / $100.00 USD)", r.error());
    }

    @Test
    void nonNumericAgentIdIs400() {
        Reply r = s.handshake(Jwts.icToken("agent_abc"));
        assertEquals(400, r.status());
        assertEquals("Invalid agent_id - must be numeric", r.error());
    }

    @Test
    void agentZeroIs400NotPositive() {
        Reply r = s.handshake(Jwts.icToken("agent_0"));
        assertEquals(400, r.status());
        assertEquals("Invalid agent_id - must be positive", r.error());
    }

    @Test
    void unsupportedProviderIs400() {
        TestServer.Agent a = s.createAgent(null, 1_000);
        Reply r = hs("ic_token", a.icToken(), "provider", "OpenAI");
        assertEquals(400, r.status());
        assertEquals("Unsupported provider: OpenAI", r.error());
    }

    // ------------------------------------------------------------------ 401: no enumeration

    @Test
    void forgedTokenIs401() {
        TestServer.Agent a = s.createAgent(null, 1_000);
        String forged = a.icToken().substring(0, a.icToken().lastIndexOf('.') + 1) + "AAAA" + "A".repeat(39);
        Reply r = s.handshake(forged);
        assertEquals(401, r.status());
        assertEquals("Invalid IC Token", r.error());
    }

    @Test
    void unknownAgentGetsTheSame401AsABadToken() {
        Reply r = s.handshake(Jwts.icToken("agent_777777"));
        assertEquals(401, r.status());
        assertEquals("{\"error\":\"Invalid IC Token\"}", r.body());
    }

    @Test
    void regeneratedTokenInvalidatesTheOldOne() {
        TestServer.Agent a = s.createAgent(null, 2_000);
        Reply regen = s.admin("POST", "/api/v1/agents/" + a.id() + "/ic-token/regenerate", null);
        assertEquals(200, regen.status());
        assertEquals(401, s.handshake(a.icToken(), 1_000).status());
        assertEquals(200, s.handshake(regen.text("ic_token"), 1_000).status());
    }

    @Test
    void revokedTokenIs401AndSoIsAnyOtherValidTokenOfTheAgent() {
        TestServer.Agent a = s.createAgent(null, 2_000);
        assertEquals(204, s.admin("DELETE", "/api/v1/agents/" + a.id() + "/ic-token", null).status());
        assertEquals(401, s.handshake(a.icToken()).status());
        assertEquals(401, s.handshake(Jwts.icToken("agent_" + a.id())).status());
    }

    @Test
    void aNullTokenHashAcceptsAnyValidTokenLikeTheSeedsHandMadeAgent() {
        TestServer.Agent a = s.createAgent(null, 2_000);
        Sql.update(s.db, "UPDATE agents SET ic_token_hash = NULL WHERE id = ?", a.id());
        assertEquals(200, s.handshake(Jwts.icToken("agent_" + a.id()), 1_000).status());
    }

    // ------------------------------------------------------------------ 403 / 404 / 500

    @Test
    void nothingLeftIs403WithTheTotals() {
        TestServer.Agent a = s.createAgent(null, 1_000);
        assertEquals(200, s.handshake(a.icToken()).status());
        Reply r = s.handshake(a.icToken());
        assertEquals(403, r.status());
        assertEquals("{\"error\":\"Budget limit exceeded\",\"total_allocated\":1000,\"total_spent\":1000,"
                + "\"budget_remaining\":0}", r.body());
    }

    @Test
    void agentWithoutBudgetRowIsSeededFromItsOwnersMonthlyLimit() {
        TestServer.Agent a = s.createAgent(null, 0);
        Sql.update(s.db, "DELETE FROM agent_budgets WHERE agent_id = ?", a.id());
        Sql.update(s.db, "DELETE FROM usage_limits WHERE user_id = 'user_admin'");
        Reply none = s.handshake(a.icToken());
        assertEquals(403, none.status());
        assertEquals("{\"error\":\"Budget limit exceeded\",\"total_allocated\":null,\"total_spent\":null,"
                + "\"budget_remaining\":null}", none.body());

        Sql.update(s.db, "INSERT INTO usage_limits (user_id, max_cost_microdollars_per_month,"
                + " current_cost_microdollars_this_month, created_at, updated_at) VALUES ('user_admin', 3000, 1000, 0, 0)");
        try {
            Reply seeded = s.handshake(a.icToken());
            assertEquals(200, seeded.status(), seeded.body());
            assertEquals(2_000, seeded.num("budget_granted"));
        } finally {
            Sql.update(s.db, "DELETE FROM usage_limits WHERE user_id = 'user_admin'");
        }
    }

    @Test
    void noKeyForTheProviderIs404() {
        try (TestServer fresh = TestServer.start()) {
            fresh.addOpenAiKey();
            TestServer.Agent a = fresh.createAgent(null, 1_000);
            Reply r = fresh.postJson("/api/v1/budget/handshake", body("ic_token", a.icToken(), "provider", "anthropic"));
            assertEquals(404, r.status());
            assertEquals("No API keys configured for provider", r.error());
        }
    }

    @Test
    void unknownProviderKeyIdIs500KeyStorageUnavailable() {
        TestServer.Agent a = s.createAgent(null, 1_000);
        Reply r = hs("ic_token", a.icToken(), "provider", "openai", "provider_key_id", 424242);
        assertEquals(500, r.status());
        assertEquals("Key storage unavailable", r.error());
    }

    @Test
    void keyOfAnotherProviderIs403() {
        long anthropicKey = s.admin("POST", "/api/v1/providers", Map.of("provider", "anthropic",
                "api_key", "sk-ant-test-0000000000")).num("id");
        TestServer.Agent a = s.createAgent(null, 1_000);
        Reply r = hs("ic_token", a.icToken(), "provider", "openai", "provider_key_id", anthropicKey);
        assertEquals(403, r.status());
        assertEquals("Provider key does not match requested provider", r.error());
    }

    @Test
    void disabledKeyIs403() {
        long key = s.admin("POST", "/api/v1/providers", Map.of("provider", "openai", "api_key",
                "sk-second-0000000000")).num("id");
        s.admin("PUT", "/api/v1/providers/" + key, Map.of("is_enabled", false));
        TestServer.Agent a = s.createAgent(null, 1_000);
        Reply r = hs("ic_token", a.icToken(), "provider", "openai", "provider_key_id", key);
        assertEquals(403, r.status());
        assertEquals("Provider key is disabled", r.error());
    }

    @Test
    void keySealedWithAnotherMasterKeyIs500AndLeaksNothing() {
        var otherVault = new io.iron.engine.vault.ProviderKeyVault(new byte[32]);
        var sealed = otherVault.seal("sk-other");
        long key = Sql.single(s.db, "SELECT max(id) FROM ai_provider_keys") + 1;
        Sql.update(s.db, "INSERT INTO ai_provider_keys (id, provider, encrypted_api_key, encryption_nonce, is_enabled,"
                + " created_at, user_id) VALUES (?, 'openai', ?, ?, 1, 0, 'user_admin')", key,
                sealed.encryptedApiKeyB64(), sealed.nonceB64());
        TestServer.Agent a = s.createAgent(null, 1_000);
        long[] before = s.account(a.id());
        Reply r = hs("ic_token", a.icToken(), "provider", "openai", "provider_key_id", key);
        assertEquals(500, r.status());
        assertEquals("Failed to decrypt provider key", r.error());
        assertArrayEquals(before, s.account(a.id()), "D12: a failed handshake reserves nothing");
    }

    @Test
    void placeholderKeyIs500KeyStorageErrorAndLeaksNothing() {
        try (TestServer fresh = TestServer.start()) {
            TestServer.Agent a = fresh.createAgent(null, 1_000);
            Reply r = fresh.handshake(a.icToken());
            assertEquals(500, r.status());
            assertEquals("Key storage error", r.error());
            assertArrayEquals(new long[] {1_000, 0, 1_000}, fresh.account(a.id()));
        }
    }
}
