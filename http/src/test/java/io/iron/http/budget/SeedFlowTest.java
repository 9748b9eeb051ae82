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
