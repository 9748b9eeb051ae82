package io.iron.http.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iron.http.Reply;
import io.iron.http.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The seed doc's flow end to end over HTTP: agent 9999 with 10_000 µ$ and its pre-generated token (default
 * IC_TOKEN_SECRET), a handshake that grants 10_000, a return of 9_933 spent that gives back 67, and a next handshake
 * that grants exactly those 67.
 */
class SeedFlowTest {

    @Test
    void seedTokenGrantsTenThousandReturnGivesBackSixtySevenAndTheNextHandshakeGrantsThem() {
        try (TestServer s = TestServer.start()) {
            s.addOpenAiKey();
            Reply created = s.admin("POST", "/api/v1/agents", java.util.Map.of("id", 9999, "name", "agent_9999",
                    "budget_microdollars", 10_000));
            assertEquals(201, created.status(), created.body());
            // Creating an agent issues it a token; the seed's agent was made by hand, without one. Revoke + clear:
            // here we want the seed's own pre-generated token to be the one in force, as in the seed (NULL hash).
            clearTokenHash(s, 9999);

            Reply first = s.handshake(TestServer.SEED_TOKEN);
            assertEquals(200, first.status(), first.body());
            assertEquals(10_000, first.num("budget_granted"));
            assertEquals(0, first.num("budget_remaining"));
            assertTrue(first.text("ip_token").startsWith("AES256:"));
            assertTrue(first.text("lease_id").matches("lease_[0-9a-f-]{36}"));

            Reply returned = s.giveBack(first.text("lease_id"), 9_933);
            assertEquals(200, returned.status(), returned.body());
            assertEquals(67, returned.num("returned"));
            assertTrue(returned.json().path("success").asBoolean());

            Reply second = s.handshake(TestServer.SEED_TOKEN);
            assertEquals(200, second.status(), second.body());
            assertEquals(67, second.num("budget_granted"));
        }
    }

    /**
     * The seed doc's own set-up, run verbatim against a database this server created (D4): its SQL for agent 9999,
     * its budget and the owner's limits, and its Python snippet's AES-GCM encryption of the OpenAI key into row 1
     * (done here with javax.crypto exactly as AESGCM(master).encrypt(nonce, key, None) does it).
     */
    @Test
    void theSeedsHandMadeSetUpWorksThroughHttp() throws Exception {
        try (TestServer s = TestServer.start()) {
            io.iron.http.Sql.update(s.db, "INSERT OR REPLACE INTO agents (id, name, providers, created_at, owner_id,"
                    + " provider_key_id) VALUES (9999, 'agent_9999', '[\"openai\"]', strftime('%s','now') * 1000,"
                    + " 'user_admin', 1)");
            io.iron.http.Sql.update(s.db, "INSERT OR REPLACE INTO agent_budgets (agent_id, total_allocated, total_spent,"
                    + " budget_remaining, created_at, updated_at) VALUES (9999, 10000, 0, 10000,"
                    + " strftime('%s','now') * 1000, strftime('%s','now') * 1000)");
            io.iron.http.Sql.update(s.db, "INSERT OR IGNORE INTO usage_limits (user_id, max_cost_microdollars_per_month,"
                    + " current_cost_microdollars_this_month, created_at, updated_at) VALUES ('user_admin', 100000000, 0,"
                    + " strftime('%s','now') * 1000, strftime('%s','now') * 1000)");
            byte[] master = java.util.Base64.getDecoder().decode("cgNibSOEmcQlx2Ax64o8s7kUjr2p/NE4S7eMgrhT7ZY=");
            byte[] nonce = new byte[12];
            new java.security.SecureRandom().nextBytes(nonce);
            javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(master, "AES"),
                    new javax.crypto.spec.GCMParameterSpec(128, nonce));
            byte[] encrypted = gcm.doFinal("sk-proj-YOUR-OPENAI-KEY".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(1, io.iron.http.Sql.update(s.db, "UPDATE ai_provider_keys SET encrypted_api_key = ?,"
                    + " encryption_nonce = ? WHERE id = 1 AND provider = 'openai'",
                    java.util.Base64.getEncoder().encodeToString(encrypted),
                    java.util.Base64.getEncoder().encodeToString(nonce)));

            Reply r = s.handshake(TestServer.SEED_TOKEN);
            assertEquals(200, r.status(), r.body());
            assertEquals(10_000, r.num("budget_granted"));
            assertEquals("sk-proj-YOUR-OPENAI-KEY", s.secrets.ipTokens().open(r.text("ip_token")));
        }
    }

    private static void clearTokenHash(TestServer s, long agentId) {
        try (var c = s.db.writer().getConnection(); var st = c.prepareStatement(
                "UPDATE agents SET ic_token_hash = NULL, ic_token_created_at = NULL WHERE id = ?")) {
            st.setLong(1, agentId);
            st.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
