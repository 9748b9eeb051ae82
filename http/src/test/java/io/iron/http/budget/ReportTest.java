package io.iron.http.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iron.http.Reply;
import io.iron.http.Sql;
import io.iron.http.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/** {@code POST /api/v1/budget/report} (§1.3) with D10 (lease only, idempotent) and D11 (closed leases refused). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportTest {
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

    private String lease(long grantMicros) {
        TestServer.Agent a = s.createAgent(null, grantMicros);
        Reply r = s.handshake(a.icToken(), grantMicros);
        assertEquals(200, r.status(), r.body());
        return r.text("lease_id");
    }

    private long leaseSpent(String leaseId) {
        return Sql.single(s.db, "SELECT budget_spent FROM budget_leases WHERE id = ?", leaseId);
    }

    @Test
    void chargesTheLeaseOnlyNotTheAgentAgain() {
        TestServer.Agent a = s.createAgent(null, 10_000_000);
        String lease = s.handshake(a.icToken(), 4_000_000).text("lease_id");
        Reply r = s.report(lease, "req-1", 1_500_000);
        assertEquals(200, r.status(), r.body());
        assertEquals("{\"success\":true,\"budget_remaining\":6000000,\"lease_remaining\":2500000}", r.body());
        assertEquals(1_500_000, leaseSpent(lease));
        assertArrayEquals(new long[] {10_000_000, 4_000_000, 6_000_000}, s.account(a.id()), "D10: no second charge");
    }

    @Test
    void aReplayedRequestIdAnswersTheSameBodyAndChargesNothing() {
        TestServer.Agent a = s.createAgent(null, 10_000);
        String lease = s.handshake(a.icToken(), 5_000).text("lease_id");
        Reply first = s.report(lease, "same", 1_000);
        s.handshake(a.icToken(), 2_000); // the account moves between the two reports
        Reply replay = s.report(lease, "same", 1_000);
        assertEquals(200, replay.status());
        assertEquals(first.body(), replay.body());
        assertEquals(1_000, leaseSpent(lease));
    }

    @Test
    void aReplayWithAnotherCostStillChargesNothing() {
        String lease = lease(5_000);
        s.report(lease, "r", 1_000);
        assertEquals(200, s.report(lease, "r", 4_000).status());
        assertEquals(1_000, leaseSpent(lease));
    }

    @Test
    void zeroCostIsAccepted() {
        String lease = lease(1_000);
        assertEquals(200, s.report(lease, "cached", 0).status());
    }

    @Test
    void exactlyTheRemainderIsAcceptedAndOneMoreIsRefused() {
        String lease = lease(1_000);
        assertEquals(200, s.report(lease, "a", 600).status());
        Reply over = s.report(lease, "b", 401);
        assertEquals(403, over.status());
        assertEquals("Insufficient lease budget", over.error());
        Reply exact = s.report(lease, "c", 400);
        assertEquals(200, exact.status());
        assertEquals(0, exact.num("lease_remaining"));
        assertEquals(1_000, leaseSpent(lease));
    }

    @Test
    void unknownLeaseIs404() {
        Reply r = s.report("lease_00000000-0000-0000-0000-000000000000", "x", 1);
        assertEquals(404, r.status());
        assertEquals("Lease not found", r.error());
    }

    @Test
    void sqlInTheLeaseIdIsJust404() {
        Reply r = s.report("lease_x' OR '1'='1", "x", 1);
        assertEquals(404, r.status());
        assertEquals("Lease not found", r.error());
    }

    @Test
    void aReturnedLeaseIs403() {
        String lease = lease(1_000);
        s.giveBack(lease, 0);
        Reply r = s.report(lease, "late", 1);
        assertEquals(403, r.status());
        assertEquals("Lease is not active", r.error());
    }

    @Test
    void aRefreshedLeaseIs403Expired() {
        TestServer.Agent a = s.createAgent(null, 2_000);
        String old = s.handshake(a.icToken(), 1_000).text("lease_id");
        assertEquals("approved", s.refresh(a.icToken(), old, 500L).text("status"));
        Reply r = s.report(old, "late", 1);
        assertEquals(403, r.status());
        assertEquals("Lease expired", r.error());
    }

    @Test
    void aReclaimedLeaseIs403Revoked() {
        String lease = lease(1_000);
        s.admin("POST", "/api/v1/leases/" + lease + "/reclaim", Map.of("reason", "test"));
        Reply r = s.report(lease, "late", 1);
        assertEquals(403, r.status());
        assertEquals("Lease has been revoked", r.error());
    }

    @Test
    void aLeasePastItsTimeToLiveIs403Expired() {
        try (TestServer t = TestServer.start(b -> b.leaseTtl(Duration.ofSeconds(60)))) {
            t.addOpenAiKey();
            TestServer.Agent a = t.createAgent(null, 1_000);
            String lease = t.handshake(a.icToken()).text("lease_id");
            t.clock.advance(Duration.ofSeconds(61));
            Reply r = t.report(lease, "late", 1);
            assertEquals(403, r.status());
            assertEquals("Lease expired", r.error());
        }
    }

    @Test
    void validationMessagesInTheReferenceOrder() {
        Map<String, Object> ok = new LinkedHashMap<>(Map.of("lease_id", "lease_x", "request_id", "r", "tokens", 1,
                "cost_microdollars", 0, "model", "m", "provider", "p"));
        assertEquals("lease_id cannot be empty", report(ok, "lease_id", " ").error());
        assertEquals("lease_id too long (max 100 characters)", report(ok, "lease_id", "l".repeat(101)).error());
        assertEquals("request_id cannot be empty", report(ok, "request_id", "").error());
        assertEquals("request_id too long (max 100 characters)", report(ok, "request_id", "r".repeat(101)).error());
        assertEquals("Invalid tokens: must be positive", report(ok, "tokens", 0).error());
        assertEquals("Invalid tokens: must be positive", report(ok, "tokens", -1).error());
        assertEquals("Invalid cost_microdollars: cannot be negative", report(ok, "cost_microdollars", -1).error());
        assertEquals("model cannot be empty", report(ok, "model", "").error());
        assertEquals("model too long (max 100 characters)", report(ok, "model", "m".repeat(101)).error());
        assertEquals("provider cannot be empty", report(ok, "provider", "\t").error());
        assertEquals(400, report(ok, "provider", "p".repeat(51)).status());
    }

    @Test
    void everyFieldIsRequired() {
        Reply r = s.post("/api/v1/budget/report", "{\"lease_id\":\"l\",\"request_id\":\"r\",\"tokens\":1,"
                + "\"cost_microdollars\":1,\"model\":\"m\"}");
        assertEquals(422, r.status());
        assertEquals("Failed to deserialize the JSON body: missing field `provider`", r.error());
    }

    @Test
    void twoParallelHalfReportsBothLandWithoutALostUpdate() throws Exception {
        String lease = lease(10_000_000);
        CountDownLatch go = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Reply> a = CompletableFuture.supplyAsync(() -> await(go, () -> s.report(lease, "a",
                    5_000_000)), pool);
            CompletableFuture<Reply> b = CompletableFuture.supplyAsync(() -> await(go, () -> s.report(lease, "b",
                    5_000_000)), pool);
            go.countDown();
            assertEquals(200, a.get().status());
            assertEquals(200, b.get().status());
        }
        assertEquals(10_000_000, leaseSpent(lease));
    }

    private Reply report(Map<String, Object> base, String field, Object value) {
        Map<String, Object> body = new LinkedHashMap<>(base);
        body.put(field, value);
        return s.postJson("/api/v1/budget/report", body);
    }

    static <T> T await(CountDownLatch go, java.util.function.Supplier<T> work) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return work.get();
    }
}
