package io.iron.proxy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingsTest {
    private static MockProvider mock;

    @BeforeAll
    static void start() {
        mock = MockProvider.start();
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    @BeforeEach
    void reset() {
        mock.resetCounters();
    }

    private static HttpResponse<String> embed(String json) {
        return Wire.send(Wire.openAi(mock, "/v1/embeddings", "sk-mock", json));
    }

    @Test
    void oneStringGivesOneFloatVectorAndUsage() {
        // "hello world" = 11 bytes -> ceil(11/4) + 1 = 4 tokens
        HttpResponse<String> res = embed("{\"model\":\"text-embedding-3-small\",\"input\":\"hello world\"}");

        assertEquals(200, res.statusCode());
        JsonNode body = Wire.json(res.body());
        assertEquals("list", body.get("object").asText());
        assertEquals("text-embedding-3-small", body.get("model").asText());
        assertEquals(1, body.get("data").size());
        assertEquals("embedding", body.get("data").get(0).get("object").asText());
        assertEquals(8, body.get("data").get(0).get("embedding").size());
        assertEquals(4, body.get("usage").get("prompt_tokens").asLong());
        assertEquals(4, body.get("usage").get("total_tokens").asLong());
        assertEquals(4, mock.promptTokensBilled());
        assertEquals(0, mock.completionTokensBilled());
    }

    @Test
    void anArrayGivesOneVectorPerInputWithTheRequestedDimensions() {
        // "abcd" + "efgh" = 8 bytes -> 3 tokens
        JsonNode body = Wire.json(embed("""
                {"model":"e","input":["abcd","efgh"],"dimensions":3}""").body());

        assertEquals(2, body.get("data").size());
        assertEquals(1, body.get("data").get(1).get("index").asInt());
        assertEquals(3, body.get("data").get(1).get("embedding").size());
        assertEquals(3, body.get("usage").get("prompt_tokens").asLong());
    }

    @Test
    void tokenIdsCountOneTokenEach() {
        JsonNode body = Wire.json(embed("{\"model\":\"e\",\"input\":[101,102,103]}").body());

        assertEquals(1, body.get("data").size());
        assertEquals(1 + 3, body.get("usage").get("prompt_tokens").asLong());
    }

    @Test
    void base64EncodingIsLittleEndianFloat32() {
        JsonNode body = Wire.json(embed("{\"model\":\"e\",\"input\":\"x\",\"encoding_format\":\"base64\"}").body());

        JsonNode vector = body.get("data").get(0).get("embedding");
        assertTrue(vector.isTextual());
        assertEquals(8 * 4, Base64.getDecoder().decode(vector.asText()).length);
    }

    @Test
    void emptyInputIs400() {
        HttpResponse<String> res = embed("{\"model\":\"e\",\"input\":[]}");

        assertEquals(400, res.statusCode());
        assertEquals("input", Wire.json(res.body()).get("error").get("param").asText());
    }

    @Test
    void wrongKeyIs401() {
        assertEquals(401, Wire.send(Wire.openAi(mock, "/v1/embeddings", "nope", "{\"model\":\"e\",\"input\":\"x\"}"))
                .statusCode());
    }
}
