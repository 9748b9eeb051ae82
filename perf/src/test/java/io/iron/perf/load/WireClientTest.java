package io.iron.perf.load;

import io.iron.proxy.mock.MockProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The load generator's connection against the mock provider: whole answers read, framing kept across requests. */
class WireClientTest {
    private final MockProvider mock = MockProvider.start(MockProvider.Options.defaults().withCompletionTokens(40));
    private final URI chat = URI.create(mock.baseUrl() + "/v1/chat/completions");

    @AfterEach
    void close() {
        mock.close();
    }

    private byte[] request(String apiKey, boolean stream) {
        String body = "{\"model\":\"gpt-4o-mini\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        return WireClient.post(chat, Map.of("Authorization", "Bearer " + apiKey, "Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wholeAndChunkedAnswersAreReadSoTheConnectionCarriesTheNextRequest() throws Exception {
        String key = mock.options().apiKey();
        try (WireClient c = new WireClient(chat, 5_000, 10_000)) {
            assertEquals(200, c.exchange(request(key, false)));
            assertEquals(200, c.exchange(request(key, true)), "a chunked event stream");
            assertEquals(401, c.exchange(request("sk-wrong", false)));
            assertEquals(200, c.exchange(request(key, true)));
            assertEquals(200, c.exchange(request(key, false)));
        }
        assertEquals(4, mock.billedRequests());
    }

    @Test
    void aClosedLoopCountsEveryStatus() throws InterruptedException {
        HttpLoad.Result r = HttpLoad.closedLoop("test", new HttpLoad.Target(chat,
                        Map.of("Authorization", "Bearer " + mock.options().apiKey()),
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                                .getBytes(StandardCharsets.UTF_8)),
                4, Duration.ofSeconds(30), 40);
        assertEquals(40, r.requests());
        assertEquals(0, r.errors());
        assertEquals(Map.of(200, 40L), r.statuses());
        assertEquals(40, mock.billedRequests());
    }
}
