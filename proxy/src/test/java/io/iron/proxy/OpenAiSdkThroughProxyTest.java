package io.iron.proxy;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.iron.engine.pricing.Cost;
import io.iron.engine.pricing.PriceTable;
import io.iron.proxy.mock.MockProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI Java SDK, base URL = proxy + "/v1", API key = the agent's IC token: what an agent developer
 * does. Each call is settled at exactly the mock's usage cost, and the mock only ever sees the real provider key.
 */
class OpenAiSdkThroughProxyTest {
    // 12 words = 12 completion tokens; "Hello, mock!" = 12 bytes -> 4 prompt tokens (the mock's counting).
    private static final String EXPECTED_TEXT = "The quick brown fox jumps over the lazy dog. The quick brown";
    private static ProxyHarness h;
    private static OpenAIClient openAi;

    @BeforeAll
    static void start() {
        h = new ProxyHarness(10_000_000, MockProvider.Options.defaults().withCompletionTokens(12).withChunks(4));
        openAi = h.openAi();
    }

    @AfterAll
    static void stop() {
        openAi.close();
        h.close();
    }

    @BeforeEach
    void reset() {
        h.mock.resetCounters();
    }

    private static ChatCompletionCreateParams.Builder chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello, mock!").maxTokens(100);
    }

    @Test
    void chatCompletionIsAnsweredAndSettledAtTheMockUsageCost() {
        long before = h.spentMicros();

        HttpResponseFor<ChatCompletion> raw = openAi.chat().completions().withRawResponse()
                .create(chat("gpt-4o-mini").build());
        ChatCompletion completion = raw.parse();

        assertEquals(EXPECTED_TEXT, completion.choices().getFirst().message().content().orElseThrow());
        CompletionUsage usage = completion.usage().orElseThrow();
        assertEquals(4, usage.promptTokens());
        assertEquals(12, usage.completionTokens());
        long cost = Cost.costMicros(PriceTable.bundled().require("gpt-4o-mini"), 4, 12); // 0 + 7 µ$
        assertEquals(7, cost);
        assertEquals(cost, h.spentMicros() - before);
        assertEquals(0, h.reservedMicros());
        assertEquals(ProxyHarness.REAL_KEY, h.mock.lastApiKey(), "the provider sees the real key, not the IC token");
        assertEquals(String.valueOf(cost), raw.headers().values("x-iron-cost-micros").getFirst());
        assertTrue(Long.parseLong(raw.headers().values("x-iron-reserved-micros").getFirst()) > cost);
        assertEquals(String.valueOf(10_000_000 - h.spentMicros()),
                raw.headers().values("x-iron-budget-remaining-micros").getFirst());
    }

    @Test
    void streamWithoutIncludeUsageLooksAsTheClientAskedAndIsSettledFromTheUsageTheProxyAskedFor() {
        long before = h.spentMicros();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (var stream = openAi.chat().completions().createStreaming(chat("gpt-4o-mini").build())) {
            stream.stream().forEach(chunks::add);
        }

        // role chunk, 4 text chunks, finish chunk: the usage-only chunk the proxy asked for is not forwarded
        assertEquals(6, chunks.size());
        assertTrue(chunks.stream().allMatch(c -> c.usage().isEmpty()));
        assertEquals(h.mockCostMicros("gpt-4o-mini"), h.spentMicros() - before);
        assertEquals(0, h.reservedMicros());
    }

    @Test
    void streamWithIncludeUsageEndsWithTheUsageChunk() {
        long before = h.spentMicros();
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (var stream = openAi.chat().completions().createStreaming(chat("gpt-4o-mini")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(c -> {
                chunks.add(c);
                acc.accumulate(c);
            });
        }

        assertEquals(7, chunks.size());
        assertEquals(12, chunks.getLast().usage().orElseThrow().completionTokens());
        assertEquals(EXPECTED_TEXT, acc.chatCompletion().choices().getFirst().message().content().orElseThrow());
        assertEquals(h.mockCostMicros("gpt-4o-mini"), h.spentMicros() - before);
    }

    @Test
    void embeddingsAreSettledFromPromptTokensOnly() {
        long before = h.spentMicros();

        CreateEmbeddingResponse response = openAi.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").input("hello world").build());

        assertEquals(8, response.data().getFirst().embedding().size());
        assertEquals(4, response.usage().promptTokens());
        assertEquals(Cost.costMicros(ProxyHarness.PRICES.require("text-embedding-3-small"), 4, 0),
                h.spentMicros() - before);
        assertEquals(0, h.reservedMicros());
    }

    @Test
    void claudeThroughTheOpenAiSdkIsTranslatedToAnthropicAndBack() {
        long before = h.spentMicros();

        ChatCompletion completion = openAi.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5").addSystemMessage("Be brief.").addUserMessage("Hello, mock!")
                .maxTokens(100).build());

        assertEquals(EXPECTED_TEXT, completion.choices().getFirst().message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().getFirst().finishReason());
        assertEquals(12, completion.usage().orElseThrow().completionTokens());
        assertEquals("/v1/messages", h.mock.lastRequest().orElseThrow().path());
        assertEquals(ProxyHarness.REAL_KEY, h.mock.lastRequest().orElseThrow().header("x-api-key"));
        assertEquals(h.mockCostMicros("claude-sonnet-4-5"), h.spentMicros() - before);
        assertNotEquals(0, h.spentMicros() - before);
    }

    @Test
    void claudeStreamThroughTheOpenAiSdkArrivesAsChatChunks() {
        long before = h.spentMicros();
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (var stream = openAi.chat().completions().createStreaming(chat("claude-sonnet-4-5")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(c -> {
                chunks.add(c);
                acc.accumulate(c);
            });
        }

        assertEquals(EXPECTED_TEXT, acc.chatCompletion().choices().getFirst().message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, acc.chatCompletion().choices().getFirst().finishReason());
        assertEquals(12, chunks.getLast().usage().orElseThrow().completionTokens());
        assertEquals(h.mockCostMicros("claude-sonnet-4-5"), h.spentMicros() - before);
        assertEquals(0, h.reservedMicros());
    }

    @Test
    void theModelListIsThePricedModels() {
        List<String> ids = new ArrayList<>();
        openAi.models().list().autoPager().forEach(m -> ids.add(m.id()));

        assertTrue(ids.contains("gpt-4o-mini"), ids.toString());
        assertTrue(ids.contains("claude-sonnet-4-5"), ids.toString());
        assertEquals(ProxyHarness.PRICES.size(), ids.size());
    }

    @Test
    void anApiTheProxyDoesNotServeIsA404ThatSaysWhatIsServed() {
        OpenAIServiceException e = assertThrows(OpenAIServiceException.class, () -> openAi.completions().create(
                com.openai.models.completions.CompletionCreateParams.builder().model("gpt-3.5-turbo-instruct")
                        .prompt("hi").build()));

        assertEquals(404, e.statusCode());
        assertTrue(e.getMessage().contains("/v1/chat/completions"), e.getMessage());
    }

    @Test
    void aWrongIcTokenIsRefusedAsAnInvalidApiKey() {
        OpenAIClient wrong = OpenAIOkHttpClient.builder().apiKey("not-an-ic-token").baseUrl(h.baseUrl() + "/v1")
                .maxRetries(0).build();
        try {
            UnauthorizedException e = assertThrows(UnauthorizedException.class,
                    () -> wrong.chat().completions().create(chat("gpt-4o-mini").build()));
            assertEquals(401, e.statusCode());
            assertEquals("invalid_api_key", e.code().orElseThrow());
            assertEquals(0, h.mock.requests());
        } finally {
            wrong.close();
        }
    }

    @Test
    void aModelWithNoPriceIsRefusedNamingTheModel() {
        long before = h.spentMicros();
        OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                () -> openAi.chat().completions().create(chat("gpt-unpriced-9000").build()));

        assertEquals(400, e.statusCode());
        assertTrue(e.getMessage().contains("gpt-unpriced-9000"), e.getMessage());
        assertEquals(0, h.mock.requests());
        assertEquals(before, h.spentMicros());
        assertEquals(0, h.reservedMicros());
    }
}
