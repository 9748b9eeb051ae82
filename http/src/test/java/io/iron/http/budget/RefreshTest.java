package io.iron.http.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iron.http.Jwts;
import io.iron.http.Reply;
import io.iron.http.Sql;
import io.iron.http.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/**
 * {@code POST /api/v1/budget/refresh} (§1.4) with D11 and our auth decision: a user JWT (JWT_SECRET) or the body's own
 * IC token as the Bearer credential.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshTest {
    private static final String MISSING = "{\"error\":{\"code\":\"AUTH_MISSING_TOKEN\",\"message\":\"Missing authentication token\"}}";
    private static final String INVALID = "{\"error\":{\"code\":\"AUTH_INVALID_TOKEN\",\"message\":\"Invalid or expired authentication token\"}}";
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

    private Reply refreshWith(String bearer, Object body) {
        return bearer == null ? s.postJson("/api/v1/budget/refresh", body)
                : s.postJson("/api/v1/budget/refresh", body, "Authorization", bearer);
    }

    private long nowSecs() {
        return s.clock.getAsLong() / 1000;
    }

    @Test
    void approvedRefreshGivesTheOldRemainderBackAndGrantsANewLease() {
        TestServer.Agent a = s.createAgent(null, 10_000);
        String old = s.handshake(a.icToken(), 4_000).text("lease_id");
        s.report(old, "r", 1_000);
        Reply r = s.refresh(a.icToken(), old, 5_000L);
        assertEquals(200, r.status(), r.body());
        assertEquals("approved", r.text("status"));
        assertEquals(5_000, r.num("budget_granted"));
        assertTrue(r.json().path("reason").isNull());
        assertTrue(r.text("lease_id").startsWith("lease_"));
        // 10000 - 1000 spent - 5000 new grant = 4000 left (the old lease's 3000 came back: D11)
        assertEquals(4_000, r.num("budget_remaining"));
        assertArrayEquals(new long[] {10_000, 6_000, 4_000}, s.account(a.id()));
        assertEquals("expired", Sql.rows(s.db, "SELECT lease_status FROM budget_leases WHERE id = ?", old)
                .getFirst().getFirst());
    }

    @Test
    void partialGrantWhenLessRemains() {
        TestServer.Agent a = s.createAgent(null, 6_000);
        String old = s.handshake(a.icToken(), 1_000).text("lease_id");
        Reply r = s.refresh(a.icToken(), old, null); // default 10_000_000
        assertEquals(6_000, r.num("budget_granted"));
        assertEquals(0, r.num("budget_remaining"));
    }

    @Test
    void nothingToGrantIsA200DenialAndTheOldLeaseStaysActive() {
        TestServer.Agent a = s.createAgent(null, 1_000);
        String old = s.handshake(a.icToken(), 1_000).text("lease_id");
        s.report(old, "all", 1_000);
        Reply r = s.refresh(a.icToken(), old, 500L);
        assertEquals(200, r.status());
        assertEquals("{\"status\":\"denied\",\"budget_granted\":null,\"budget_remaining\":0,\"lease_id\":null,"
                + "\"reason\":\"insufficient_budget\",\"expires_at\":null}", r.body());
        assertEquals("active", Sql.rows(s.db, "SELECT lease_status FROM budget_leases WHERE id = ?", old)
                .getFirst().getFirst());
    }

    @Test
    void aUserJwtIsAcceptedAsTheReferenceDoes() {
        TestServer.Agent a = s.createAgent(null, 2_000);
        String old = s.handshake(a.icToken(), 1_000).text("lease_id");
        Reply r = refreshWith("Bearer " + Jwts.userJwt("user_admin", nowSecs() + 600, "j1"),
                Map.of("ic_token", a.icToken(), "current_lease_id", old, "requested_budget", 500));
        assertEquals(200, r.status(), r.body());
        assertEquals("approved", r.text("status"));
    }

    @Test
    void noAuthorizationHeaderIs401Missing() {
        Reply r = refreshWith(null, Map.of("ic_token", "x", "current_lease_id", "y"));
        assertEquals(401, r.status());
        assertEquals(MISSING, r.body());
    }

    @Test
    void aNonBearerSchemeIs401Missing() {
        assertEquals(MISSING, refreshWith("Basic abc", Map.of("ic_token", "x", "current_lease_id", "y")).body());
    }

    @Test
    void anExpiredUserJwtIs401Invalid() {
        Reply r = refreshWith("Bearer " + Jwts.userJwt("u", nowSecs() - 1, "j2"),
                Map.of("ic_token", "x", "current_lease_id", "y"));
        assertEquals(401, r.status());
        assertEquals(INVALID, r.body());
    }

    @Test
    void aLoggedOutUserJwtIs401Invalid() {
        Sql.update(s.db, "INSERT INTO token_blacklist (jti, user_id, blacklisted_at, expires_at) VALUES ('gone', 'u', 0, 0)");
        Reply r = refreshWith("Bearer " + Jwts.userJwt("u", nowSecs() + 600, "gone"),
                Map.of("ic_token", "x", "current_lease_id", "y"));
        assertEquals(INVALID, r.body());
    }

    @Test
    void aUserJwtSignedWithAnotherSecretIs401Invalid() {
        String forged = Jwts.sign("{\"alg\":\"HS256\"}", "{\"sub\":\"u\",\"exp\":" + (nowSecs() + 600) + "}", "nope");
        assertEquals(INVALID, refreshWith("Bearer " + forged, Map.of("ic_token", "x", "current_lease_id", "y")).body());
    }

    @Test
    void aBearerThatIsNotTheBodysIcTokenIs401Invalid() {
        TestServer.Agent a = s.createAgent(null, 2_000);
        TestServer.Agent b = s.createAgent(null, 2_000);
        String old = s.handshake(a.icToken(), 1_000).text("lease_id");
        Reply r = refreshWith("Bearer " + b.icToken(), Map.of("ic_token", a.icToken(), "current_lease_id", old));
        assertEquals(INVALID, r.body());
    }

    @Test
    void aLeaseOfAnotherAgentIs403() {
        TestServer.Agent a = s.createAgent(null, 2_000);
        TestServer.Agent b = s.createAgent(null, 2_000);
        String leaseOfB = s.handshake(b.icToken(), 1_000).text("lease_id");
        Reply r = s.refresh(a.icToken(), leaseOfB, null);
        assertEquals(403, r.status());
        assertEquals("Unauthorized - lease belongs to different agent", r.error());
    }

    @Test
    void unknownLeaseIs404() {
        TestServer.Agent a = s.createAgent(null, 2_000);
        assertEquals("Lease not found", s.refresh(a.icToken(), "lease_none", null).error());
    }

    @Test
    void aReturnedLeaseCannotBeRefreshed() {
        TestServer.Agent a = s.createAgent(null, 2_000);
        String old = s.handshake(a.icToken(), 1_000).text("lease_id");
        s.giveBack(old, 0);
        Reply r = s.refresh(a.icToken(), old, null);
        assertEquals(403, r.status());
        assertEquals("Lease is not active", r.error());
    }

    @Test
    void aRefreshedLeaseCannotBeRefreshedAgain() {
        TestServer.Agent a = s.createAgent(null, 3_000);
        String old = s.handshake(a.icToken(), 1_000).text("lease_id");
        s.refresh(a.icToken(), old, 1_000L);
        Reply r = s.refresh(a.icToken(), old, 1_000L);
        assertEquals(403, r.status());
        assertEquals("Lease expired", r.error());
    }

    @Test
    void aReclaimedLeaseIs403Revoked() {
        TestServer.Agent a = s.createAgent(null, 3_000);
        String old = s.handshake(a.icToken(), 1_000).text("lease_id");
        s.admin("POST", "/api/v1/leases/" + old + "/reclaim", Map.of("reason", "ops"));
        assertEquals("Lease has been revoked", s.refresh(a.icToken(), old, null).error());
    }

    @Test
    void aBadIcTokenIs401InvalidIcTokenAndANonNumericAgentIs401InvalidAgentId() {
        String jwt = "Bearer " + Jwts.userJwt("u", nowSecs() + 600, "j3");
        assertEquals("Invalid IC Token", refreshWith(jwt, Map.of("ic_token", "not-a-token",
                "current_lease_id", "l")).error());
        Reply r = refreshWith(jwt, Map.of("ic_token", Jwts.icToken("agent_x"), "current_lease_id", "l"));
        assertEquals(401, r.status());
        assertEquals("Invalid agent ID in IC Token", r.error());
    }

    @Test
    void requestedBudgetRules() {
        String jwt = "Bearer " + Jwts.userJwt("u", nowSecs() + 600, "j4");
        assertEquals("Invalid requested_budget: must be positive", refreshWith(jwt, Map.of("ic_token", "t",
                "current_lease_id", "l", "requested_budget", 0)).error());
        assertEquals("Invalid requested_budget: too large (max 1000000000 microdollars)", refreshWith(jwt,
                Map.of("ic_token", "t", "current_lease_id", "l", "requested_budget", 1_000_000_001)).error());
        assertEquals("current_lease_id cannot be empty", refreshWith(jwt, Map.of("ic_token", "t",
                "current_lease_id", "")).error());
        assertEquals("ic_token cannot be empty", refreshWith(jwt, Map.of("ic_token", " ",
                "current_lease_id", "l")).error());
    }
}
