package io.iron.engine.pricing;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EndpointTest {

    @Test
    void paths_map_to_endpoints_with_or_without_prefix_and_query() {
        assertEquals(Optional.of(Endpoint.CHAT_COMPLETIONS), Endpoint.ofPath("/v1/chat/completions"));
        assertEquals(Optional.of(Endpoint.CHAT_COMPLETIONS), Endpoint.ofPath("/openai/v1/chat/completions?x=1"));
        assertEquals(Optional.of(Endpoint.CHAT_COMPLETIONS), Endpoint.ofPath("/chat/completions"));
        assertEquals(Optional.of(Endpoint.MESSAGES), Endpoint.ofPath("/anthropic/v1/messages"));
        assertEquals(Optional.of(Endpoint.EMBEDDINGS), Endpoint.ofPath("/v1/embeddings/"));
    }

    @Test
    void other_paths_cannot_be_priced() {
        assertEquals(Optional.empty(), Endpoint.ofPath("/v1/responses"));
        assertEquals(Optional.empty(), Endpoint.ofPath("/v1/messages/count_tokens"));
        assertEquals(Optional.empty(), Endpoint.ofPath("/"));
    }
}
