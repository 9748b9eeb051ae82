package io.iron.proxy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each fault, chosen per request with {@code x-mock-fault}, does what its name says — and bills what it says. */
class FaultTest {
    // "Hello, mock!" = 12 bytes -> 4 prompt tokens; 40 completion tokens in 8 pieces of 5.
    private static final String CHAT = """
            {"model":"gpt-4o-mini","max_tokens":100,%s"messages":[{"role":"user","content":"Hello, mock!"}]}""";
    private static final String STREAM_WITH_USAGE = CHAT.formatted(
            "\"stream\":true,\"stream_options\":{\"include_usage\":true},");
    private static final String MESSAGES = """
            {"model":"claude-x","max_tokens":100,%s"messages":[{"role":"user","content":"Hello, mock!"}]}""";
    private static MockProvider mock;

    @BeforeAll
    static void start() {
        mock = MockProvider.start(MockProvider.Options.defaults().withCompletionTokens(40).withChunks(8));
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    @BeforeEach
    void reset() {
        mock.resetCounters();
        mock.setFault(Fault.NONE);
    }

    /** A fresh client per fault: a dropped connection must not be reused by the next test. */
    private static HttpClient freshClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static HttpRequest openAiChat(String json, String fault) {
        return Wire.openAi(mock, "/v1/chat/completions", "sk-mock", json, "x-mock-fault", fault);
    }

    @Test
    void status500HasTheOpenAiServerErrorBodyAndBillsNothing() {
        HttpResponse<String> res = Wire.send(openAiChat(CHAT.formatted(""), "status500"));

        assertEquals(500, res.statusCode());
        assertEquals("server_error", Wire.json(res.body()).get("error").get("type").asText());
        assertEquals(0, mock.billedRequests());
        assertEquals(1, mock.requests());
    }

    @Test
    void status500OnAnthropicHasTheApiErrorBody() {
        HttpResponse<String> res = Wire.send(Wire.anthropic(mock, "sk-mock", MESSAGES.formatted(""),
                "x-mock-fault", "status500"));

        assertEquals(500, res.statusCode());
        assertEquals("api_error", Wire.json(res.body()).get("error").get("type").asText());
    }

    @Test
    void status429HasTheRateLimitBodies() {
        HttpResponse<String> openAi = Wire.send(openAiChat(CHAT.formatted(""), "status429"));
        HttpResponse<String> anthropic = Wire.send(Wire.anthropic(mock, "sk-mock", MESSAGES.formatted(""),
                "x-mock-fault", "status429"));

        assertEquals(429, openAi.statusCode());
        assertEquals("rate_limit_exceeded", Wire.json(openAi.body()).get("error").get("code").asText());
        assertEquals(429, anthropic.statusCode());
        assertEquals("rate_limit_error", Wire.json(anthropic.body()).get("error").get("type").asText());
        assertEquals(0, mock.billedRequests());
    }

    @Test
    void hangOutlastsTheClientTimeout() {
        HttpRequest req = HttpRequest.newBuilder(openAiChat(CHAT.formatted(""), "hang"), (n, v) -> true)
                .timeout(Duration.ofMillis(300)).build();

        assertThrows(HttpTimeoutException.class, () -> freshClient().send(req, HttpResponse.BodyHandlers.ofString()));
        assertEquals(0, mock.billedRequests());
    }

    @Test
    void hangEndsByDroppingTheConnectionAfterHangMillis() {
        try (MockProvider quick = MockProvider.start(MockProvider.Options.defaults().withHangMillis(200))) {
            HttpRequest req = Wire.openAi(quick, "/v1/chat/completions", "sk-mock", CHAT.formatted(""),
                    "x-mock-fault", "hang");

            assertThrows(IOException.class, () -> freshClient().send(req, HttpResponse.BodyHandlers.ofString()));
            assertEquals(0, quick.billedRequests());
        }
    }

    @Test
    void resetBeforeBodyDropsTheConnectionWithoutAStatus() {
        HttpRequest req = openAiChat(CHAT.formatted(""), "reset-before-body");

        assertThrows(IOException.class, () -> freshClient().send(req, HttpResponse.BodyHandlers.ofString()));
        assertEquals(0, mock.billedRequests());
    }

    @Test
    void cutMidStreamFailsTheClientRead() throws Exception {
        HttpResponse<InputStream> res = freshClient().send(openAiChat(STREAM_WITH_USAGE, "cut-mid-stream"),
                HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, res.statusCode());
        assertThrows(IOException.class, () -> res.body().readAllBytes());
    }

    @Test
    void cutMidStreamSendsHalfTheTextThenDropsTheConnection() throws Exception {
        String raw = RawHttp.postUntilClosed(mock, "/v1/chat/completions", STREAM_WITH_USAGE,
                "Authorization", "Bearer sk-mock", "x-mock-fault", "cut-mid-stream");

        assertTrue(raw.startsWith("HTTP/1.1 200"));
        assertTrue(raw.contains("Transfer-Encoding: chunked"));
        // role chunk + 4 of the 8 text pieces, then nothing: no finish chunk, no usage, no [DONE] ...
        assertEquals(5, RawHttp.count(raw, "data: "));
        assertEquals(0, RawHttp.count(raw, "finish_reason\":\"stop"));
        assertFalse(raw.contains("[DONE]") || raw.contains("\"usage\":{"));
        // ... and no terminating zero-length chunk: the body was never completed
        assertFalse(raw.endsWith("\r\n0\r\n\r\n"));
        assertEquals(4, mock.promptTokensBilled());
        assertEquals(20, mock.completionTokensBilled());
    }

    @Test
    void cutMidStreamOnAnthropicStopsBeforeMessageDelta() throws Exception {
        String raw = RawHttp.postUntilClosed(mock, "/v1/messages", MESSAGES.formatted("\"stream\":true,"),
                "x-api-key", "sk-mock", "anthropic-version", "2023-06-01", "x-mock-fault", "cut-mid-stream");

        // message_start, content_block_start, ping, then 4 of the 8 content_block_delta events
        assertEquals(7, RawHttp.count(raw, "event: "));
        assertEquals(4, RawHttp.count(raw, "event: content_block_delta"));
        assertFalse(raw.contains("message_delta") || raw.contains("message_stop"));
        assertEquals(20, mock.completionTokensBilled());
    }

    @Test
    void cutMidStreamOnANonStreamedAnswerTruncatesTheBodyButBillsItAll() throws Exception {
        String raw = RawHttp.postUntilClosed(mock, "/v1/chat/completions", CHAT.formatted(""),
                "Authorization", "Bearer sk-mock", "x-mock-fault", "cut-mid-stream");
        int announced = Integer.parseInt(raw.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);

        assertTrue(raw.startsWith("HTTP/1.1 200"));
        assertEquals(announced / 2, body.length());
        assertEquals(40, mock.completionTokensBilled());
        assertThrows(IOException.class, () -> freshClient().send(openAiChat(CHAT.formatted(""), "cut-mid-stream"),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void noUsageCompletesTheStreamWithoutAUsageChunkEvenWhenAsked() {
        HttpResponse<String> res = Wire.send(openAiChat(STREAM_WITH_USAGE, "no-usage"));

        List<Wire.Sse> events = Wire.events(res.body());
        assertEquals("[DONE]", events.getLast().data());
        assertEquals("stop", events.get(events.size() - 2).json().get("choices").get(0).get("finish_reason")
                .asText());
        assertFalse(res.body().contains("usage"));
        assertEquals(4, mock.promptTokensBilled(), "the provider still bills what it generated");
        assertEquals(40, mock.completionTokensBilled());
    }

    @Test
    void noUsageOnAnthropicStreamHasNoUsageInAnyEvent() {
        HttpResponse<String> res = Wire.send(Wire.anthropic(mock, "sk-mock", MESSAGES.formatted("\"stream\":true,"),
                "x-mock-fault", "no-usage"));

        List<Wire.Sse> events = Wire.events(res.body());
        assertEquals("message_stop", events.getLast().event());
        assertFalse(res.body().contains("usage"));
    }

    @Test
    void noUsageOnANonStreamedAnswerOmitsTheUsageObject() {
        JsonNode body = Wire.json(Wire.send(openAiChat(CHAT.formatted(""), "no-usage")).body());

        assertEquals("chat.completion", body.get("object").asText());
        assertFalse(body.has("usage"));
    }

    @Test
    void aGlobalFaultAppliesToRequestsWithoutTheHeader() {
        mock.setFault(Fault.STATUS_500);

        HttpResponse<String> res = Wire.send(Wire.openAi(mock, "/v1/chat/completions", "sk-mock",
                CHAT.formatted("")));

        assertEquals(500, res.statusCode());
    }

    @Test
    void headerNoneSwitchesTheGlobalFaultOffForOneRequest() {
        mock.setFault(Fault.STATUS_429);

        assertEquals(200, Wire.send(openAiChat(CHAT.formatted(""), "none")).statusCode());
    }

    @Test
    void faultFromOptionsIsTheStartingGlobalFault() {
        try (MockProvider failing = MockProvider.start(MockProvider.Options.defaults().withFault(Fault.STATUS_429))) {
            HttpResponse<String> res = Wire.send(Wire.anthropic(failing, "sk-mock", MESSAGES.formatted("")));

            assertEquals(429, res.statusCode());
        }
    }

    @Test
    void unknownFaultNameIs400NamingTheAcceptedValues() {
        HttpResponse<String> res = Wire.send(openAiChat(CHAT.formatted(""), "explode"));

        assertEquals(400, res.statusCode());
        assertTrue(Wire.json(res.body()).get("error").get("message").asText().contains("cut-mid-stream"));
    }

    @Test
    void authIsCheckedBeforeAnyFault() {
        HttpResponse<String> res = Wire.send(Wire.openAi(mock, "/v1/chat/completions", "wrong", CHAT.formatted(""),
                "x-mock-fault", "status500"));

        assertEquals(401, res.statusCode());
    }
}
