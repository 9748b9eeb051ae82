package io.iron.http.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iron.http.Reply;
import io.iron.http.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;

/** {@code POST /api/v1/budget/return} (§1.5) with D11: granted − max(server spent, client spent); active only. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReturnTest {
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
    void givesBackWhatTheClientDidNotSpend() {
        TestServer.Agent a = s.createAgent(null, 10_000);
        String lease = s.handshake(a.icToken()).text("lease_id");
        assertEquals(67, s.giveBack(lease, 9_933).num("returned"));
        assertArrayEquals(new long[] {10_000, 9_933, 67}, s.account(a.id()));
    }

    @Test
    void theServersFigureWinsWhenItIsHigherThanTheClaim() {
        TestServer.Agent a = s.createAgent(null, 10_000);
        String lease = s.handshake(a.icToken()).text("lease_id");
        s.report(lease, "r1", 4_000);
        assertEquals(6_000, s.giveBack(lease, 1_000).num("returned"), "10000 - max(4000, 1000)");
    }

    @Test
    void noSpentFieldMeansZeroClaimed() {
        TestServer.Agent a = s.createAgent(null, 10_000);
        String lease = s.handshake(a.icToken()).text("lease_id");
        Reply r = s.postJson("/api/v1/budget/return", Map.of("lease_id", lease));
        assertEquals("{\"success\":true,\"returned\":10000}", r.body());
    }

    @Test
    void aClaimAboveTheGrantReturnsNothing() {
        TestServer.Agent a = s.createAgent(null, 10_000);
        String lease = s.handshake(a.icToken()).text("lease_id");
        assertEquals(0, s.giveBack(lease, 50_000).num("returned"));
        assertArrayEquals(new long[] {10_000, 10_000, 0}, s.account(a.id()));
    }

    @Test
    void aSecondReturnIs400NotActive() {
        TestServer.Agent a = s.createAgent(null, 10_000);
        String lease = s.handshake(a.icToken()).text("lease_id");
        s.giveBack(lease, 0);
        Reply again = s.giveBack(lease, 0);
        assertEquals(400, again.status());
        assertEquals("Lease is not active", again.error());
        assertArrayEquals(new long[] {10_000, 0, 10_000}, s.account(a.id()), "nothing given back twice");
    }

    @Test
    void aReclaimedLeaseIs400NotActive() {
        TestServer.Agent a = s.createAgent(null, 10_000);
        String lease = s.handshake(a.icToken()).text("lease_id");
        s.admin("POST", "/api/v1/leases/" + lease + "/reclaim", Map.of("reason", "operator"));
        assertEquals("Lease is not active", s.giveBack(lease, 0).error());
    }

    @Test
    void aLeaseThatLapsedIsNotActiveAndItsWholeGrantCountsAsSpent() {
        try (TestServer t = TestServer.start(b -> b.leaseTtl(Duration.ofSeconds(60)))) {
            t.addOpenAiKey();
            TestServer.Agent a = t.createAgent(null, 10_000);
            String lease = t.handshake(a.icToken()).text("lease_id");
            t.clock.advance(Duration.ofSeconds(61));
            Reply r = t.giveBack(lease, 0);
            assertEquals(400, r.status());
            assertEquals("Lease is not active", r.error());
            assertArrayEquals(new long[] {10_000, 10_000, 0}, t.account(a.id()), "D13: nothing handed out twice");
        }
    }

    @Test
    void unknownLeaseIs404() {
        assertEquals(404, s.giveBack("lease_nope", 0).status());
    }

    @Test
    void blankLeaseIdIs400() {
        assertEquals("lease_id cannot be empty", s.giveBack(" ", 0).error());
    }

    @Test
    void negativeSpentIs400() {
        Reply r = s.giveBack("lease_x", -1);
        assertEquals(400, r.status());
        assertEquals("Invalid spent_microdollars: cannot be negative", r.error());
    }
}
