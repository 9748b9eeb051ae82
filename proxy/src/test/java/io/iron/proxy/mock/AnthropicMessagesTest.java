package io.iron.proxy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnthropicMessagesTest {
    // system "Be brief." (9 bytes) + "Hello, Claude" (13 bytes) = 22 bytes: ceil(22 / 4) + 1 = 7 input tokens.
    private static final String HELLO = """
            {"model":"claude-sonnet-4-5","max_tokens":%d,%s"system":"Be brief.",
             "messages":[{"role":"user","content":[{"type":"text","text":"Hello, Claude"}]}]}""";
    private static MockProvider mock;

    @BeforeAll
    static void start() {
        mock = MockProvider.start(MockProvider.Options.defaults().withApiKey("sk-ant-real").withCompletionTokens(30)
                .withChunks(3));
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    @BeforeEach
    void reset() {
        mock.resetCounters();
    }

    @Test
    void nonStreamingAnswerIsAMessageWithUsage() {
        HttpResponse<String> res = Wire.send(Wire.anthropic(mock, "sk-ant-real", HELLO.formatted(1024, "")));

        assertEquals(200, res.statusCode());
        JsonNode body = Wire.json(res.body());
        assertEquals("message", body.get("type").asText());
        assertEquals("assistant", body.get("role").asText());
        assertTrue(body.get("id").asText().startsWith("msg_"));
        assertEquals("claude-sonnet-4-5", body.get("model").asText());
        assertEquals("text", body.get("content").get(0).get("type").asText());
        assertEquals(30, body.get("content").get(0).get("text").asText().split(" ").length);
        assertEquals("end_turn", body.get("stop_reason").asText());
        assertEquals(7, body.get("usage").get("input_tokens").asLong());
        assertEquals(30, body.get("usage").get("output_tokens").asLong());
        assertEquals(7, mock.promptTokensBilled());
        assertEquals(30, mock.completionTokensBilled());
    }

    @Test
    void outputStopsAtMaxTokensWithStopReasonMaxTokens() {
        JsonNode body = Wire.json(Wire.send(Wire.anthropic(mock, "sk-ant-real", HELLO.formatted(5, ""))).body());

        assertEquals(5, body.get("usage").get("output_tokens").asLong());
        assertEquals("max_tokens", body.get("stop_reason").asText());
    }

    @Test
    void streamFollowsTheAnthropicEventSequence() {
        HttpResponse<String> res = Wire.send(Wire.anthropic(mock, "sk-ant-real",
                HELLO.formatted(1024, "\"stream\":true,")));

        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
        List<Wire.Sse> events = Wire.events(res.body());
        assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta",
                        "content_block_delta", "content_block_delta", "content_block_stop", "message_delta",
                        "message_stop"),
                events.stream().map(Wire.Sse::event).toList());
        for (Wire.Sse e : events) {
            assertEquals(e.event(), e.json().get("type").asText(), "data.type repeats the event name");
        }
        JsonNode start = events.getFirst().json().get("message");
        assertEquals("claude-sonnet-4-5", start.get("model").asText());
        assertEquals(7, start.get("usage").get("input_tokens").asLong());
        StringBuilder text = new StringBuilder();
        for (Wire.Sse e : events.subList(3, 6)) {
            assertEquals("text_delta", e.json().get("delta").get("type").asText());
            text.append(e.json().get("delta").get("text").asText());
        }
        assertEquals(30, text.toString().split(" ").length);
        JsonNode delta = events.get(7).json();
        assertEquals("end_turn", delta.get("delta").get("stop_reason").asText());
        assertEquals(30, delta.get("usage").get("output_tokens").asLong());
        assertEquals(30, mock.completionTokensBilled());
    }

    @Test
    void wrongKeyIs401WithAnthropicErrorShape() {
        HttpResponse<String> res = Wire.send(Wire.anthropic(mock, "ic-token", HELLO.formatted(10, "")));

        assertEquals(401, res.statusCode());
        JsonNode body = Wire.json(res.body());
        assertEquals("error", body.get("type").asText());
        assertEquals("authentication_error", body.get("error").get("type").asText());
        assertEquals("ic-token", mock.lastApiKey());
        assertEquals(1, mock.unauthorized());
    }

    @Test
    void bearerTokenAuthenticatesTheAnthropicRouteAsTheOfficialSdkSendsIt() {
        HttpResponse<String> res = Wire.send(Wire.anthropic(mock, null, HELLO.formatted(10, ""),
                "Authorization", "Bearer sk-ant-real"));

        assertEquals(200, res.statusCode());
        assertEquals("sk-ant-real", mock.lastApiKey());
        assertEquals("Bearer sk-ant-real", mock.lastAuthorization());
    }

    @Test
    void xApiKeyIsCheckedFirstWhenBothAreSent() {
        HttpResponse<String> res = Wire.send(Wire.anthropic(mock, "ic-token", HELLO.formatted(10, ""),
                "Authorization", "Bearer sk-ant-real"));

        assertEquals(401, res.statusCode());
        assertEquals("ic-token", mock.lastApiKey());
    }

    @Test
    void noCredentialAtAllIs401() {
        HttpResponse<String> res = Wire.send(Wire.anthropic(mock, null, HELLO.formatted(10, "")));

        assertEquals(401, res.statusCode());
        assertNull(mock.lastApiKey());
    }

    @Test
    void missingAnthropicVersionIs400() {
        HttpRequest req = HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/v1/messages"))
                .header("x-api-key", "sk-ant-real").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO.formatted(10, ""))).build();
        HttpResponse<String> res = Wire.send(req);

        assertEquals(400, res.statusCode());
        assertTrue(Wire.json(res.body()).get("error").get("message").asText().contains("anthropic-version"));
    }

    @Test
    void missingMaxTokensIs400AsInTheRealApi() {
        HttpResponse<String> res = Wire.send(Wire.anthropic(mock, "sk-ant-real",
                "{\"model\":\"claude-3-5-haiku-latest\",\"messages\":[]}"));

        assertEquals(400, res.statusCode());
        JsonNode error = Wire.json(res.body()).get("error");
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals("max_tokens: Field required", error.get("message").asText());
        assertEquals(0, mock.billedRequests());
    }

    @Test
    void systemAsTextBlocksCountsToo() {
        // "abcdefgh" (8) + "ijkl" (4) = 12 bytes -> 4 tokens
        String json = """
                {"model":"claude-x","max_tokens":1,"system":[{"type":"text","text":"abcdefgh"}],
                 "messages":[{"role":"user","content":"ijkl"}]}""";
        JsonNode body = Wire.json(Wire.send(Wire.anthropic(mock, "sk-ant-real", json)).body());

        assertEquals(4, body.get("usage").get("input_tokens").asLong());
        assertFalse(body.get("content").get(0).get("text").asText().isEmpty());
    }
}
