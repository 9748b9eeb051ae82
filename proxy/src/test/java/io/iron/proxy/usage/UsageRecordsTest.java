package io.iron.proxy.usage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reading a whole answer's usage without a tree of the answer: it must agree with the tree. */
class UsageRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Optional<JsonNode> field(String document) throws IOException {
        return UsageRecords.topLevelField(JSON, document.getBytes(StandardCharsets.UTF_8), "usage");
    }

    @Test
    void findsTheTopLevelUsageAndIgnoresNestedOnes() throws IOException {
        String answer = "{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"a \\\"usage\\\": {}\"},"
                + "\"usage\":{\"prompt_tokens\":999}}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5},"
                + "\"system_fingerprint\":null}";
        assertEquals(JSON.readTree(answer).get("usage"), field(answer).orElseThrow());
        assertEquals(Optional.of(Usage.of(12, 5)), UsageRecords.openAi(field(answer).orElseThrow()));
    }

    @Test
    void theLastOfARepeatedFieldCountsAsInATree() throws IOException {
        String answer = "{\"usage\":{\"input_tokens\":1},\"usage\":{\"input_tokens\":7,\"output_tokens\":3}}";
        assertEquals(JSON.readTree(answer).get("usage"), field(answer).orElseThrow());
    }

    @Test
    void noObjectOrNoUsageIsEmptyAndBrokenJsonIsAnError() throws IOException {
        assertEquals(Optional.empty(), field("{\"id\":\"x\",\"choices\":[]}"));
        assertEquals(Optional.empty(), field("[{\"usage\":{\"prompt_tokens\":1}}]"));
        assertEquals(Optional.empty(), field("\"usage\""));
        assertThrows(IOException.class, () -> field("{\"usage\":{\"prompt_tokens\":1},\"choices\":["));
        assertThrows(IOException.class, () -> field("{\"usage\":{\"prompt_tokens\":1}"));
        assertThrows(IOException.class, () -> field("not json"));
    }
}
