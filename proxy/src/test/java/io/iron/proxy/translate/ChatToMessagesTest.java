package io.iron.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iron.engine.pricing.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference's OpenAI → Anthropic translation (PROTOCOL §3.2 step 7) and the way back (step 9). */
class ChatToMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void systemMessagesAreJoinedAndTheRestCarriedOver() throws Exception {
        JsonNode out = ChatToMessages.request(json("""
                {"model":"claude-sonnet-4-5","temperature":0.2,"top_p":0.9,"stop":"END","stream":true,
                 "messages":[{"role":"system","content":"Be brief."},{"role":"system","content":"Be kind."},
                             {"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},
                             {"role":"user","content":[{"type":"text","text":"More"}]}]}"""));

        assertEquals("Be brief.\\nBe kind.", out.get("system").asText().replace("\n", "\\n"));
        assertEquals(3, out.get("messages").size());
        assertEquals("user", out.get("messages").get(0).get("role").asText());
        assertEquals("More", out.get("messages").get(2).get("content").get(0).get("text").asText());
        assertEquals(4096, out.get("max_tokens").asInt(), "the reference's default");
        assertEquals(0.2, out.get("temperature").asDouble());
        assertEquals(0.9, out.get("top_p").asDouble());
        assertEquals("[\"END\"]", out.get("stop_sequences").toString());
        assertTrue(out.get("stream").asBoolean());
    }

    @Test
    void maxTokensComesFromMaxTokensElseMaxCompletionTokens() throws Exception {
        assertEquals(100, ChatToMessages.request(json("""
                {"model":"claude-x","max_tokens":100,"max_completion_tokens":200,"messages":[]}""")).get("max_tokens")
                .asInt());
        assertEquals(200, ChatToMessages.request(json("""
                {"model":"claude-x","max_completion_tokens":200,"messages":[]}""")).get("max_tokens").asInt());
    }

    @Test
    void anImagePartCannotBeTranslatedAndTheFieldIsNamed() throws Exception {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ChatToMessages.request(json("""
                {"model":"claude-x","messages":[{"role":"user","content":[{"type":"image_url","image_url":{}}]}]}""")));
        assertEquals("messages[0].content", e.field());
    }

    @Test
    void theAnswerComesBackAsAChatCompletion() throws Exception {
        JsonNode back = MessagesToChat.response(json("""
                {"id":"msg_1","model":"claude-x","stop_reason":"max_tokens",
                 "content":[{"type":"text","text":"Hel"},{"type":"text","text":"lo"}],
                 "usage":{"input_tokens":4,"cache_read_input_tokens":6,"output_tokens":2}}"""), 1700000000);

        assertEquals("chat.completion", back.get("object").asText());
        assertEquals("Hello", back.get("choices").get(0).get("message").get("content").asText());
        assertEquals("length", back.get("choices").get(0).get("finish_reason").asText());
        assertEquals(10, back.get("usage").get("prompt_tokens").asInt());
        assertEquals(12, back.get("usage").get("total_tokens").asInt());
        assertFalse(back.has("content"));
    }
}
