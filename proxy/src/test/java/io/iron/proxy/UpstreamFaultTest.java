package io.iron.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iron.proxy.mock.MockProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each upstream failure ends with the right status and the right money: released when the provider billed
 * nothing, the full reservation when it may have billed and gave no usage record (D9), refused before any
 * reservation for requests the proxy cannot take.
 */
class UpstreamFaultTest {
    // 40 completion tokens in 8 pieces; "Hello, mock!" = 4 prompt tokens
    private static final String CHAT = """
            {"model":"gpt-4o-mini","max_tokens":100,%s"messages":[{"role":"user","content":"Hello, mock!"}]}""";
    private static final String STREAM = CHAT.formatted("\"stream\":true,");
    private static final String MESSAGES = """
            {"model":"claude-sonnet-4-5","max_tokens":100,"stream":true,\
            "messages":[{"role":"user","content":"Hello, mock!"}]}""";
    private static ProxyHarness h;

    @BeforeAll
    static void start() {
        h = new ProxyHarness(10_000_000, MockProvider.Options.defaults().withCompletionTokens(40).withChunks(8),
                ProxyOptions.defaults().forwarding("x-mock-fault").withReadTimeout(Duration.ofSeconds(1))
                        .withMaxBodyBytes(4096));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void reset() {
        h.mock.resetCounters();
    }

    private static void assertNothingCharged(long spentBefore) {
        assertEquals(spentBefore, h.spentMicros(), "spent unchanged");
        assertEquals(0, h.reservedMicros(), "reservation released");
    }

    @Test
    void upstream500IsPassedOnAndReleased() {
        long before = h.spentMicros();
        HttpResponse<String> res = Http.post(h, "/v1/chat/completions", CHAT.formatted(""), "x-mock-fault", "status500");

        assertEquals(500, res.statusCode());
        assertEquals("server_error", Http.json(res.body()).get("error").get("type").asText());
        assertEquals(0, Http.header(res, "x-iron-cost-micros"));
        assertNothingCharged(before);
    }

    @Test
    void upstream429IsPassedOnAndReleased() {
        long before = h.spentMicros();
        HttpResponse<String> res = Http.post(h, "/v1/messages", MESSAGES, "x-mock-fault", "status429");

        assertEquals(429, res.statusCode());
        assertNothingCharged(before);
    }

    @Test
    void anUpstreamThatNeverAnswersIs504AndReleased() {
        long before = h.spentMicros();
        HttpResponse<String> res = Http.post(h, "/v1/chat/completions", CHAT.formatted(""), "x-mock-fault", "hang");

        assertEquals(504, res.statusCode());
        JsonNode error = Http.json(res.body()).get("error");
        assertEquals("upstream_timeout", error.get("code").asText());
        assertNothingCharged(before);
    }

    @Test
    void aResetBeforeTheStatusLineIs502AndReleased() {
        long before = h.spentMicros();
        HttpResponse<String> res = Http.post(h, "/v1/chat/completions", STREAM, "x-mock-fault", "reset-before-body");

        assertEquals(502, res.statusCode());
        assertEquals("upstream_unreachable", Http.json(res.body()).get("error").get("code").asText());
        assertNothingCharged(before);
    }

    @Test
    void anUnreachableProviderIs502AndReleased() {
        long before = h.spentMicros();
        ProxyHarness down = new ProxyHarness(1_000_000, MockProvider.Options.defaults());
        down.mock.close(); // its port now refuses connections
        try {
            HttpResponse<String> res = Http.post(down, "/v1/chat/completions", CHAT.formatted(""));

            assertEquals(502, res.statusCode());
            assertEquals(0, down.spentMicros());
            assertEquals(0, down.reservedMicros());
        } finally {
            down.close();
        }
        assertEquals(before, h.spentMicros());
    }

    @Test
    void aStreamCutMidWayIsChargedTheFullReservationAndTheClientIsToldItBroke() {
        long before = h.spentMicros();
        HttpResponse<String> res = Http.post(h, "/v1/chat/completions", STREAM, "x-mock-fault", "cut-mid-stream");

        assertEquals(200, res.statusCode());
        assertTrue(res.body().contains("\"content\":"), res.body());
        assertTrue(res.body().contains("upstream_stream_failed"), "an error chunk ends the stream: " + res.body());
        assertFalse(res.body().contains("[DONE]"));
        long reserved = Http.header(res, "x-iron-reserved-micros");
        assertEquals(reserved, h.spentMicros() - before, "no usage record: the full reservation (D9)");
        assertEquals(0, h.reservedMicros());
    }

    @Test
    void anAnthropicStreamCutMidWayIsChargedTheFullReservation() {
        long before = h.spentMicros();
        HttpResponse<String> res = Http.post(h, "/v1/messages", MESSAGES, "x-mock-fault", "cut-mid-stream");

        assertEquals(200, res.statusCode());
        assertTrue(res.body().contains("event: error"), res.body());
        assertEquals(Http.header(res, "x-iron-reserved-micros"), h.spentMicros() - before);
    }

    @Test
    void aStreamWithoutUsageIsChargedTheFullReservation() {
        long before = h.spentMicros();
        HttpResponse<String> res = Http.post(h, "/v1/chat/completions", STREAM, "x-mock-fault", "no-usage");

        assertEquals(200, res.statusCode());
        assertTrue(res.body().contains("[DONE]"));
        long reserved = Http.header(res, "x-iron-reserved-micros");
        assertTrue(reserved > h.mockCostMicros("gpt-4o-mini"));
        assertEquals(reserved, h.spentMicros() - before);
        assertEquals(0, h.reservedMicros());
    }

    @Test
    void aStreamTellsItsReservationAndTheRemainingBudgetBeforeTheBodyButNotItsCost() {
        long before = h.spentMicros();
        HttpResponse<String> res = Http.post(h, "/v1/chat/completions", STREAM);

        assertEquals(200, res.statusCode());
        assertEquals("text/event-stream", res.headers().firstValue("content-type").orElseThrow());
        long reserved = Http.header(res, "x-iron-reserved-micros");
        long remaining = Http.header(res, "x-iron-budget-remaining-micros");
        assertEquals(10_000_000 - before - reserved, remaining, "remaining with this call's reservation held");
        assertTrue(res.headers().firstValue("x-iron-cost-micros").isEmpty(), "unknown before the body");
        assertEquals(h.mockCostMicros("gpt-4o-mini"), h.spentMicros() - before);
    }

    @Test
    void aWholeAnswerWithoutUsageIsChargedTheFullReservation() {
        long before = h.spentMicros();
        HttpResponse<String> res = Http.post(h, "/v1/chat/completions", CHAT.formatted(""), "x-mock-fault", "no-usage");

        assertEquals(200, res.statusCode());
        long reserved = Http.header(res, "x-iron-reserved-micros");
        assertEquals(reserved, Http.header(res, "x-iron-cost-micros"));
        assertEquals(reserved, h.spentMicros() - before);
    }

    @Test
    void aBodyOverTheLimitIs413NamingTheLimitAndNothingIsReserved() {
        long before = h.spentMicros();
        String big = CHAT.formatted("\"user\":\"" + "x".repeat(5000) + "\",");
        HttpResponse<String> res = Http.post(h, "/v1/chat/completions", big);

        assertEquals(413, res.statusCode());
        assertTrue(Http.json(res.body()).get("error").get("message").asText().contains("4096 bytes"), res.body());
        assertEquals(0, h.mock.requests());
        assertNothingCharged(before);
    }

    @Test
    void aMegabyteOverTheLimitStillGetsTheReadable413() {
        String big = CHAT.formatted("\"user\":\"" + "x".repeat(1024 * 1024) + "\",");
        HttpResponse<String> res = Http.post(h, "/v1/chat/completions", big);

        assertEquals(413, res.statusCode());
        assertTrue(res.body().contains("4096 bytes"), res.body());
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Too() throws Exception {
        String big = CHAT.formatted("\"user\":\"" + "x".repeat(20_000) + "\",");
        java.net.http.HttpRequest rq = java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.baseUrl()
                        + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + h.icToken).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        big.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build();
        try (java.net.http.HttpClient c = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> res = c.send(rq, HttpResponse.BodyHandlers.ofString());
            assertEquals(413, res.statusCode());
        }
        assertEquals(0, h.mock.requests());
    }

    @Test
    void aModelWithNoPriceIs400NamingTheModelAndNothingIsReserved() {
        long before = h.spentMicros();
        HttpResponse<String> res = Http.post(h, "/v1/chat/completions", CHAT.formatted("").replace("gpt-4o-mini", "my-model"));

        assertEquals(400, res.statusCode());
        JsonNode error = Http.json(res.body()).get("error");
        assertTrue(error.get("message").asText().contains("'my-model'"), res.body());
        assertEquals("model_not_found", error.get("code").asText());
        assertEquals(0, h.mock.requests());
        assertNothingCharged(before);
    }

    @Test
    void anInvalidFieldIs400NamingTheField() {
        HttpResponse<String> res = Http.post(h, "/v1/chat/completions", CHAT.formatted("").replace("100", "-5"));

        assertEquals(400, res.statusCode());
        assertTrue(Http.json(res.body()).get("error").get("message").asText().contains("max_tokens"), res.body());
    }

    @Test
    void aMissingTokenIs401WithAnOpenAiShapedError() {
        HttpResponse<String> res = Http.postAs(h, null, "/v1/chat/completions", CHAT.formatted(""));

        assertEquals(401, res.statusCode());
        assertEquals("Invalid API key", Http.json(res.body()).get("error").get("message").asText());
        assertEquals("invalid_api_key", Http.json(res.body()).get("error").get("code").asText());
    }

    @Test
    void theIcTokenAlsoWorksAsXApiKey() {
        HttpResponse<String> res = Http.postAs(h, null, "/v1/chat/completions", CHAT.formatted(""),
                "x-api-key", h.icToken);

        assertEquals(200, res.statusCode());
        assertEquals("Bearer " + ProxyHarness.REAL_KEY, h.mock.lastAuthorization());
    }

    @Test
    void theReferencePrefixesRouteToTheirProvider() {
        HttpResponse<String> openAi = Http.post(h, "/openai/v1/chat/completions", CHAT.formatted(""));
        assertEquals(200, openAi.statusCode());
        assertEquals("/v1/chat/completions", h.mock.lastRequest().orElseThrow().path());

        HttpResponse<String> anthropic = Http.post(h, "/anthropic/v1/chat/completions", CHAT.formatted(""));
        assertEquals(200, anthropic.statusCode());
        assertEquals("/v1/messages", h.mock.lastRequest().orElseThrow().path(), "translated for the provider");
        assertEquals("chat.completion", Http.json(anthropic.body()).get("object").asText());
    }

    @Test
    void aForgedIcTokenIs401() {
        String forged = new io.iron.engine.token.IcTokens("another-secret".getBytes()).issue(ProxyHarness.AGENT, null);
        HttpResponse<String> res = Http.postAs(h, "Bearer " + forged, "/v1/chat/completions", CHAT.formatted(""));

        assertEquals(401, res.statusCode());
        assertEquals(0, h.mock.requests());
    }
}
