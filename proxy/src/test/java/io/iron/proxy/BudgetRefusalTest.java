package io.iron.proxy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.iron.proxy.mock.MockProvider;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When money runs out the agent gets a 402 that says so, in the reference's exact words (PROTOCOL §3.2). */
class BudgetRefusalTest {
    private static final String CHAT = """
            {"model":"gpt-4o-mini","max_tokens":500,"messages":[{"role":"user","content":"Write about AI."}]}""";

    @Test
    void anAgentWithNothingLeftGetsBudgetExceeded() {
        try (ProxyHarness h = new ProxyHarness(0, MockProvider.Options.defaults())) {
            HttpResponse<String> res = Http.post(h, "/v1/chat/completions", CHAT);

            assertEquals(402, res.statusCode());
            assertEquals("{\"error\":{\"message\":\"Iron Cage budget limit exceeded. Spent: $0.00, Reserved: $0.00, "
                    + "Limit: $0.00. Increase budget with router.set_budget() or check your pricing calculations.\","
                    + "\"type\":\"iron_cage_budget_exceeded\",\"param\":null,\"code\":\"budget_exceeded\"}}",
                    res.body());
            assertEquals(0, h.mock.requests());
        }
    }

    @Test
    void aCallWhoseBoundExceedsWhatIsLeftGetsInsufficientBudget() {
        try (ProxyHarness h = new ProxyHarness(100, MockProvider.Options.defaults())) {
            HttpResponse<String> res = Http.post(h, "/v1/chat/completions", CHAT);

            assertEquals(402, res.statusCode());
            JsonNode error = Http.json(res.body()).get("error");
            assertEquals("insufficient_budget", error.get("code").asText());
            assertEquals("iron_cage_insufficient_budget", error.get("type").asText());
            assertTrue(error.get("param").isNull());
            assertTrue(error.get("message").asText().matches("Iron Cage insufficient budget for request\\. "
                    + "Available: \\$0\\.0001, Estimated max cost: \\$0\\.0003\\d*\\. Reduce max_tokens or wait for "
                    + "in-flight requests to complete\\."), error.get("message").asText());
            assertEquals(0, h.mock.requests());
            assertEquals(0, h.spentMicros());
            assertEquals(0, h.reservedMicros());
        }
    }

    @Test
    void theOpenAiSdkThrowsA402WhoseMessageMentionsTheBudget() {
        try (ProxyHarness h = new ProxyHarness(100, MockProvider.Options.defaults())) {
            OpenAIClient openAi = h.openAi();
            OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                    () -> openAi.chat().completions().create(ChatCompletionCreateParams.builder()
                            .model("gpt-4o-mini").addUserMessage("Write about AI.").maxTokens(500).build()));

            assertEquals(402, e.statusCode());
            assertTrue(e.getMessage().contains("budget"), e.getMessage());
            assertEquals("insufficient_budget", e.code().orElseThrow());
            openAi.close();
        }
    }

    @Test
    void theAnthropicSdkThrowsA402WhoseMessageMentionsTheBudget() {
        try (ProxyHarness h = new ProxyHarness(0, MockProvider.Options.defaults())) {
            AnthropicClient anthropic = h.anthropic();
            try {
                AnthropicServiceException e = assertThrows(AnthropicServiceException.class,
                        () -> anthropic.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5")
                                .maxTokens(100).addUserMessage("Hello").build()));

                assertEquals(402, e.statusCode());
                assertTrue(e.getMessage().contains("budget"), e.getMessage());
            } finally {
                anthropic.close();
            }
        }
    }
}
