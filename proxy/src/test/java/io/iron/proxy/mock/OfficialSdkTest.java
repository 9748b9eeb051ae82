package io.iron.proxy.mock;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI and Anthropic Java SDKs, pointed straight at the mock, parse and validate what it sends:
 * proof the wire format is the real one. Base URLs: OpenAI {@code http://127.0.0.1:PORT/v1}, Anthropic
 * {@code http://127.0.0.1:PORT} — the same forms as the SDKs' defaults for the real services.
 */
class OfficialSdkTest {
    // 12 words = 12 completion tokens; "Hello, mock!" = 12 bytes -> 4 prompt tokens.
    private static final String EXPECTED_TEXT = "The quick brown fox jumps over the lazy dog. The quick brown";
    private static MockProvider mock;
    private static OpenAIClient openAi;
    private static AnthropicClient anthropic;

    @BeforeAll
    static void start() {
        mock = MockProvider.start(MockProvider.Options.defaults().withApiKey("sk-real-provider-key")
                .withCompletionTokens(12).withChunks(4));
        openAi = OpenAIOkHttpClient.builder().apiKey("sk-real-provider-key").baseUrl(mock.openAiBaseUrl())
                .maxRetries(0).timeout(Duration.ofSeconds(10)).responseValidation(true).build();
        anthropic = AnthropicOkHttpClient.builder().apiKey("sk-real-provider-key").baseUrl(mock.baseUrl())
                .maxRetries(0).timeout(Duration.ofSeconds(10)).responseValidation(true).build();
    }

    @AfterAll
    static void stop() {
        openAi.close();
        anthropic.close();
        mock.close();
    }

    @BeforeEach
    void reset() {
        mock.resetCounters();
    }

    private static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hello, mock!")
                .maxCompletionTokens(100);
    }

    @Test
    void openAiSdkParsesAChatCompletion() {
        ChatCompletion completion = openAi.chat().completions().create(chat().build());

        assertEquals("gpt-4o-mini", completion.model());
        assertEquals(EXPECTED_TEXT, completion.choices().getFirst().message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().getFirst().finishReason());
        CompletionUsage usage = completion.usage().orElseThrow();
        assertEquals(4, usage.promptTokens());
        assertEquals(12, usage.completionTokens());
        assertEquals(16, usage.totalTokens());
        assertEquals("sk-real-provider-key", mock.lastApiKey());
    }

    @Test
    void openAiSdkStreamsChunksAndTheFinalUsageChunk() {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (var stream = openAi.chat().completions().createStreaming(chat()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk.validate());
                accumulator.accumulate(chunk);
            });
        }

        // role chunk, 4 text chunks, finish chunk, usage chunk ([DONE] ends the stream and is not a chunk)
        assertEquals(7, chunks.size());
        CompletionUsage usage = chunks.getLast().usage().orElseThrow();
        assertTrue(chunks.getLast().choices().isEmpty());
        assertEquals(4, usage.promptTokens());
        assertEquals(12, usage.completionTokens());
        ChatCompletion whole = accumulator.chatCompletion();
        assertEquals(EXPECTED_TEXT, whole.choices().getFirst().message().content().orElseThrow());
        assertEquals(12, whole.usage().orElseThrow().completionTokens());
    }

    @Test
    void openAiSdkStreamWithoutIncludeUsageCarriesNoUsage() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (var stream = openAi.chat().completions().createStreaming(chat().build())) {
            stream.stream().forEach(chunks::add);
        }

        assertEquals(6, chunks.size());
        assertTrue(chunks.stream().allMatch(c -> c.usage().isEmpty()));
    }

    @Test
    void openAiSdkParsesEmbeddings() {
        // openai-java asks for encoding_format "base64" unless told otherwise, and decodes it to floats
        CreateEmbeddingResponse response = openAi.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").input("hello world").build());

        List<Float> vector = response.data().getFirst().embedding();
        assertEquals(8, vector.size());
        assertEquals(-0.089f, vector.getFirst()); // the mock's first component, decoded from little-endian float32
        assertEquals(4, response.usage().promptTokens());
    }

    @Test
    void openAiSdkSeesAWrongKeyAsUnauthorized() {
        OpenAIClient wrong = OpenAIOkHttpClient.builder().apiKey("ic-token").baseUrl(mock.openAiBaseUrl())
                .maxRetries(0).build();
        try {
            var e = assertThrows(com.openai.errors.UnauthorizedException.class,
                    () -> wrong.chat().completions().create(chat().build()));
            assertEquals(401, e.statusCode());
            assertEquals("invalid_api_key", e.code().orElseThrow());
            assertEquals("invalid_request_error", e.type().orElseThrow());
        } finally {
            wrong.close();
        }
    }

    @Test
    void openAiSdkSeesStatus429AsRateLimited() {
        var e = assertThrows(com.openai.errors.RateLimitException.class, () -> openAi.chat().completions().create(
                chat().putAdditionalHeader("x-mock-fault", "status429").build()));
        assertEquals(429, e.statusCode());
    }

    private static MessageCreateParams.Builder message() {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(100).addUserMessage("Hello, mock!");
    }

    @Test
    void anthropicSdkParsesAMessage() {
        Message message = anthropic.messages().create(message().build());

        assertEquals("claude-sonnet-4-5", message.model().asString());
        assertEquals(EXPECTED_TEXT, message.content().getFirst().text().orElseThrow().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertEquals(4, message.usage().inputTokens());
        assertEquals(12, message.usage().outputTokens());
        assertEquals("sk-real-provider-key", mock.lastApiKey());
        // anthropic-java 3.16.0 authenticates with "Authorization: Bearer <key>", not x-api-key
        assertEquals("Bearer sk-real-provider-key", mock.lastAuthorization());
        assertTrue(mock.lastRequest().orElseThrow().header("anthropic-version") != null);
    }

    @Test
    void anthropicSdkStreamsTheEventSequenceAndAccumulatesUsage() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<RawMessageStreamEvent> events = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(message().build())) {
            stream.stream().forEach(event -> {
                events.add(event.validate());
                accumulator.accumulate(event);
            });
        }

        // message_start, content_block_start, 4 deltas, content_block_stop, message_delta, message_stop
        // (the SDK consumes ping itself)
        assertTrue(events.getFirst().isMessageStart());
        assertTrue(events.getLast().isMessageStop());
        assertEquals(4, events.stream().filter(RawMessageStreamEvent::isContentBlockDelta).count());
        assertEquals(12, events.get(events.size() - 2).asMessageDelta().usage().outputTokens());
        Message whole = accumulator.message();
        assertEquals(EXPECTED_TEXT, whole.content().getFirst().text().orElseThrow().text());
        assertEquals(4, whole.usage().inputTokens());
        assertEquals(12, whole.usage().outputTokens());
    }

    @Test
    void anthropicSdkSeesAWrongKeyAsUnauthorized() {
        AnthropicClient wrong = AnthropicOkHttpClient.builder().apiKey("ic-token").baseUrl(mock.baseUrl())
                .maxRetries(0).build();
        try {
            var e = assertThrows(com.anthropic.errors.UnauthorizedException.class,
                    () -> wrong.messages().create(message().build()));
            assertEquals(401, e.statusCode());
            assertTrue(e.getMessage().contains("authentication_error"), e.getMessage());
        } finally {
            wrong.close();
        }
    }

    @Test
    void anthropicSdkSeesStatus500AsInternalServerError() {
        var e = assertThrows(com.anthropic.errors.InternalServerException.class, () -> anthropic.messages().create(
                message().putAdditionalHeader("x-mock-fault", "status500").build()));
        assertEquals(500, e.statusCode());
    }
}
