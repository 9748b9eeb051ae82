package io.iron.proxy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiChatTest {
    // "Hello, mock!" is 12 UTF-8 bytes: ceil(12 / 4) + 1 = 4 prompt tokens.
    private static final String HELLO = """
            {"model":"gpt-4o-mini","max_tokens":%d,%s"messages":[{"role":"user","content":"Hello, mock!"}]}""";
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
    }

    private static HttpResponse<String> chat(int maxTokens, String extra, String... headers) {
        return Wire.send(Wire.openAi(mock, "/v1/chat/completions", "sk-mock", HELLO.formatted(maxTokens, extra),
                headers));
    }

    @Test
    void nonStreamingAnswerIsAChatCompletionWithUsage() {
        HttpResponse<String> res = chat(100, "");

        assertEquals(200, res.statusCode());
        assertEquals("application/json", res.headers().firstValue("content-type").orElseThrow());
        JsonNode body = Wire.json(res.body());
        assertEquals("chat.completion", body.get("object").asText());
        assertTrue(body.get("id").asText().startsWith("chatcmpl-"));
        assertEquals("gpt-4o-mini", body.get("model").asText());
        JsonNode choice = body.get("choices").get(0);
        assertEquals("assistant", choice.get("message").get("role").asText());
        assertEquals(40, choice.get("message").get("content").asText().split(" ").length);
        assertEquals("stop", choice.get("finish_reason").asText());
        assertEquals(4, body.get("usage").get("prompt_tokens").asLong());
        assertEquals(40, body.get("usage").get("completion_tokens").asLong());
        assertEquals(44, body.get("usage").get("total_tokens").asLong());
    }

    @Test
    void completionStopsAtMaxTokensWithFinishReasonLength() {
        JsonNode body = Wire.json(chat(7, "").body());

        assertEquals(7, body.get("usage").get("completion_tokens").asLong());
        assertEquals("The quick brown fox jumps over the", body.get("choices").get(0).get("message").get("content")
                .asText());
        assertEquals("length", body.get("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        JsonNode body = Wire.json(chat(30, "\"max_completion_tokens\":3,").body());

        assertEquals(3, body.get("usage").get("completion_tokens").asLong());
    }

    @Test
    void withoutAnyLimitTheDefaultOf16Applies() {
        String json = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        JsonNode body = Wire.json(Wire.send(Wire.openAi(mock, "/v1/chat/completions", "sk-mock", json)).body());

        assertEquals(16, body.get("usage").get("completion_tokens").asLong());
        assertEquals(2, body.get("usage").get("prompt_tokens").asLong()); // 2 bytes -> ceil(2/4) + 1
    }

    @Test
    void promptTokensCountTextOfEveryMessageAndEveryTextPart() {
        // 4 + 8 + 4 = 16 bytes of text -> 4 + 1 = 5 tokens; "é" is 2 bytes so "éé" = 4.
        String json = """
                {"model":"m","messages":[{"role":"system","content":"abcd"},
                 {"role":"user","content":[{"type":"text","text":"efghijkl"},{"type":"image_url","image_url":{"url":"x"}}]},
                 {"role":"assistant","content":"éé"}]}""";
        JsonNode body = Wire.json(Wire.send(Wire.openAi(mock, "/v1/chat/completions", "sk-mock", json)).body());

        assertEquals(5, body.get("usage").get("prompt_tokens").asLong());
    }

    @Test
    void headersSetTheReportedTokenCountsExactly() {
        JsonNode body = Wire.json(chat(10, "", "x-mock-completion-tokens", "25", "x-mock-prompt-tokens", "1000")
                .body());

        assertEquals(25, body.get("usage").get("completion_tokens").asLong());
        assertEquals(1000, body.get("usage").get("prompt_tokens").asLong());
        assertEquals(1000, mock.promptTokensBilled());
        assertEquals(25, mock.completionTokensBilled());
    }

    @Test
    void streamWithIncludeUsageEndsWithAUsageChunkThenDone() {
        HttpResponse<String> res = chat(100, "\"stream\":true,\"stream_options\":{\"include_usage\":true},");

        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
        List<Wire.Sse> events = Wire.events(res.body());
        // role chunk + 8 text chunks + finish chunk + usage chunk + [DONE]
        assertEquals(12, events.size());
        assertEquals("[DONE]", events.getLast().data());
        JsonNode usageChunk = events.get(events.size() - 2).json();
        assertEquals(0, usageChunk.get("choices").size());
        assertEquals(4, usageChunk.get("usage").get("prompt_tokens").asLong());
        assertEquals(40, usageChunk.get("usage").get("completion_tokens").asLong());
        JsonNode finish = events.get(events.size() - 3).json();
        assertEquals("stop", finish.get("choices").get(0).get("finish_reason").asText());
        StringBuilder text = new StringBuilder();
        for (Wire.Sse e : events.subList(0, events.size() - 2)) {
            JsonNode chunk = e.json();
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            assertEquals("gpt-4o-mini", chunk.get("model").asText());
            assertTrue(chunk.get("usage").isNull(), "usage is null on every chunk but the last");
            text.append(chunk.get("choices").get(0).get("delta").path("content").asText(""));
        }
        assertEquals(40, text.toString().split(" ").length);
        assertEquals("assistant", events.getFirst().json().get("choices").get(0).get("delta").get("role").asText());
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageAnywhere() {
        HttpResponse<String> res = chat(100, "\"stream\":true,");

        List<Wire.Sse> events = Wire.events(res.body());
        assertEquals(11, events.size());
        assertEquals("[DONE]", events.getLast().data());
        assertFalse(res.body().contains("usage"));
        for (Wire.Sse e : events.subList(0, events.size() - 1)) {
            assertEquals(1, e.json().get("choices").size());
        }
    }

    @Test
    void streamIsBilledLikeTheNonStreamedAnswer() {
        chat(100, "\"stream\":true,");
        chat(100, "");

        assertEquals(2, mock.billedRequests());
        assertEquals(8, mock.promptTokensBilled());
        assertEquals(80, mock.completionTokensBilled());
    }

    @Test
    void wrongKeyIs401WithOpenAiErrorShapeAndIsRecorded() {
        HttpResponse<String> res = Wire.send(Wire.openAi(mock, "/v1/chat/completions", "ic-token-of-agent",
                HELLO.formatted(5, "")));

        assertEquals(401, res.statusCode());
        JsonNode error = Wire.json(res.body()).get("error");
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals("invalid_api_key", error.get("code").asText());
        assertEquals(1, mock.unauthorized());
        assertEquals(0, mock.billedRequests());
        assertEquals("ic-token-of-agent", mock.lastApiKey());
        assertEquals("Bearer ic-token-of-agent", mock.lastAuthorization());
    }

    @Test
    void missingKeyIs401() {
        HttpResponse<String> res = Wire.send(Wire.openAi(mock, "/v1/chat/completions", null, HELLO.formatted(5, "")));

        assertEquals(401, res.statusCode());
        assertTrue(Wire.json(res.body()).get("error").get("code").isNull());
        assertNull(mock.lastApiKey());
    }

    @Test
    void xApiKeyDoesNotAuthenticateAnOpenAiRoute() {
        HttpResponse<String> res = Wire.send(Wire.openAi(mock, "/v1/chat/completions", null, HELLO.formatted(5, ""),
                "x-api-key", "sk-mock"));

        assertEquals(401, res.statusCode());
    }

    @Test
    void lastRequestKeepsTheForwardedHeaders() {
        chat(5, "", "X-Forwarded-For", "10.0.0.7");

        SeenRequest seen = mock.lastRequest().orElseThrow();
        assertEquals("/v1/chat/completions", seen.path());
        assertEquals("sk-mock", seen.apiKey());
        assertEquals("10.0.0.7", seen.header("x-forwarded-for"));
    }

    @Test
    void missingMessagesIs400NamingTheParam() {
        HttpResponse<String> res = Wire.send(Wire.openAi(mock, "/v1/chat/completions", "sk-mock",
                "{\"model\":\"gpt-4o\"}"));

        assertEquals(400, res.statusCode());
        assertEquals("messages", Wire.json(res.body()).get("error").get("param").asText());
        assertEquals(0, mock.billedRequests());
    }

    @Test
    void streamOptionsWithoutStreamIs400AsInTheRealApi() {
        HttpResponse<String> res = chat(10, "\"stream_options\":{\"include_usage\":true},");

        assertEquals(400, res.statusCode());
        assertEquals("stream_options", Wire.json(res.body()).get("error").get("param").asText());
    }

    @Test
    void malformedJsonIs400() {
        HttpResponse<String> res = Wire.send(Wire.openAi(mock, "/v1/chat/completions", "sk-mock", "{\"model\":"));

        assertEquals(400, res.statusCode());
        assertEquals("invalid_request_error", Wire.json(res.body()).get("error").get("type").asText());
    }

    @Test
    void pathWithoutV1PrefixIsNotServed() {
        HttpResponse<String> res = Wire.send(Wire.openAi(mock, "/chat/completions", "sk-mock",
                HELLO.formatted(5, "")));

        assertEquals(404, res.statusCode());
    }

    @Test
    void modelNameIsEchoedEscaped() {
        String json = "{\"model\":\"we\\\"ird\\\\model\",\"messages\":[]}";
        JsonNode body = Wire.json(Wire.send(Wire.openAi(mock, "/v1/chat/completions", "sk-mock", json)).body());

        assertEquals("we\"ird\\model", body.get("model").asText());
        assertEquals(1, body.get("usage").get("prompt_tokens").asLong());
    }
}
