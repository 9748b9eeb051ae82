package io.iron.proxy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.iron.proxy.mock.MockProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Anthropic Java SDK, base URL = the proxy, API key = the IC token (the SDK sends it as a Bearer
 * token; x-api-key works too). Settled at the mock's usage cost; the mock sees only the real key.
 */
class AnthropicSdkThroughProxyTest {
    private static final String EXPECTED_TEXT = "The quick brown fox jumps over the lazy dog. The quick brown";
    private static final String MODEL = "claude-sonnet-4-5";
    private static ProxyHarness h;
    private static AnthropicClient anthropic;

    @BeforeAll
    static void start() {
        h = new ProxyHarness(10_000_000, MockProvider.Options.defaults().withCompletionTokens(12).withChunks(4));
        anthropic = h.anthropic();
    }

    @AfterAll
    static void stop() {
        anthropic.close();
        h.close();
    }

    @BeforeEach
    void reset() {
        h.mock.resetCounters();
    }

    private static MessageCreateParams.Builder message() {
        return MessageCreateParams.builder().model(MODEL).maxTokens(100).addUserMessage("Hello, mock!");
    }

    @Test
    void messageIsAnsweredAndSettledAtTheMockUsageCost() {
        long before = h.spentMicros();

        Message message = anthropic.messages().create(message().build());

        assertEquals(EXPECTED_TEXT, message.content().getFirst().text().orElseThrow().text());
        assertEquals(4, message.usage().inputTokens());
        assertEquals(12, message.usage().outputTokens());
        // claude-sonnet-4-5: 3 $/M in, 15 $/M out -> 12 + 180 µ$
        assertEquals(192, h.mockCostMicros(MODEL));
        assertEquals(192, h.spentMicros() - before);
        assertEquals(0, h.reservedMicros());
        assertEquals(ProxyHarness.REAL_KEY, h.mock.lastRequest().orElseThrow().header("x-api-key"));
        assertEquals(null, h.mock.lastAuthorization(), "the IC token never reaches the provider");
    }

    @Test
    void streamIsRelayedEventByEventAndSettledFromMessageDeltaUsage() {
        long before = h.spentMicros();
        MessageAccumulator acc = MessageAccumulator.create();
        int events = 0;
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(message().build())) {
            for (RawMessageStreamEvent e : (Iterable<RawMessageStreamEvent>) stream.stream()::iterator) {
                acc.accumulate(e);
                events++;
            }
        }

        assertTrue(events >= 8, "events " + events);
        assertEquals(EXPECTED_TEXT, acc.message().content().getFirst().text().orElseThrow().text());
        assertEquals(12, acc.message().usage().outputTokens());
        assertEquals(192, h.spentMicros() - before);
        assertEquals(0, h.reservedMicros());
    }

    @Test
    void theModelListHasThePricedClaudeModels() {
        java.util.List<String> ids = new java.util.ArrayList<>();
        anthropic.models().list().autoPager().forEach(m -> ids.add(m.id()));

        assertTrue(ids.contains(MODEL), ids.toString());
        assertTrue(ids.stream().allMatch(id -> id.contains("claude")), ids.toString());
    }

    @Test
    void anUnpricedModelIsRefusedWith400NamingIt() {
        AnthropicServiceException e = assertThrows(AnthropicServiceException.class,
                () -> anthropic.messages().create(message().model("claude-unpriced-1").build()));

        assertEquals(400, e.statusCode());
        assertTrue(e.getMessage().contains("claude-unpriced-1"), e.getMessage());
        assertEquals(0, h.mock.requests());
    }
}
