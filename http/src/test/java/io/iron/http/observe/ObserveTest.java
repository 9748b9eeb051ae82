package io.iron.http.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iron.engine.actor.ActorBusyException;
import io.iron.http.Reply;
import io.iron.http.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Health, Prometheus metrics, and what clients see when things go wrong inside (503 busy, 500 without traces). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObserveTest {
    private TestServer s;

    @BeforeAll
    void start() {
        s = TestServer.start(b -> b.extraRouting(r -> r
                .get("/test/busy", (req, res) -> {
                    throw new ActorBusyException(7, 4096);
                })
                .get("/test/boom", (req, res) -> {
                    throw new IllegalStateException("secret internal detail");
                })));
        s.addOpenAiKey();
    }

    @AfterAll
    void stop() {
        s.close();
    }

    @Test
    void healthSaysTheDatabaseIsUp() {
        Reply r = s.send("GET", "/api/health", null, null);
        assertEquals(200, r.status());
        assertEquals("healthy", r.text("status"));
        assertEquals("up", r.text("database"));
    }

    @Test
    void metricsCountGrantsBlocksAndStatusClassesAndTimeRequests() {
        TestServer.Agent a = s.createAgent(null, 1_000);
        s.handshake(a.icToken());
        s.handshake(a.icToken()); // 403: nothing left
        String text = s.send("GET", "/metrics", null, null).body();
        assertTrue(text.contains("iron_grants_total{kind=\"handshake\"}"), text);
        assertTrue(text.contains("iron_granted_microdollars_total{kind=\"handshake\"}"), text);
        assertTrue(text.contains("iron_blocks_total{reason=\"handshake_budget_exceeded\"}"), text);
        assertTrue(text.contains("iron_http_responses_total{class=\"4xx\",route=\"budget_handshake\"}"), text);
        assertTrue(text.contains("iron_http_request_seconds_bucket"), text);
    }

    @Test
    void aFullMailboxIs503WithRetryAfter() {
        Reply r = s.send("GET", "/test/busy", null, null);
        assertEquals(503, r.status());
        assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals("Agent is busy, retry later", r.error());
    }

    @Test
    void anInternalFailureIsA500WithoutAnyDetail() {
        Reply r = s.send("GET", "/test/boom", null, null);
        assertEquals(500, r.status());
        assertEquals("{\"error\":\"Internal server error\"}", r.body());
        assertFalse(r.body().contains("secret"));
    }

    @Test
    void extraRoutesAreMountedBeforeTheJsonFallback() {
        assertEquals(404, s.send("GET", "/test/none", null, null).status());
        assertEquals("Not found", s.send("GET", "/test/none", null, null).error());
    }
}
