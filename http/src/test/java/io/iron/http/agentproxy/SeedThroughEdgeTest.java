package io.iron.http.agentproxy;

import io.iron.engine.config.Secrets;
import io.iron.http.Reply;
import io.iron.http.TestServer;
import io.iron.proxy.Provider;
import io.iron.proxy.edge.EdgeOptions;
import io.iron.proxy.edge.EdgeProxy;
import io.iron.proxy.mock.MockProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed scenario in edge mode, the seed's LlmRouter done right: a control server, an edge proxy that does the
 * handshake with agent 9999's IC token (the seed's own pre-generated token, on a hand-made agent), spends the lease
 * locally, reports in the background and returns the rest when it stops. A second edge gets only the remainder.
 */
class SeedThroughEdgeTest {

    @Test
    void anEdgeProxyDrainsTheLeaseAndReturnsTheRestAndTheNextEdgeGetsOnlyTheRemainder() throws Exception {
        try (MockProvider mock = MockProvider.start(MockProvider.Options.defaults().withCompletionTokens(500));
             TestServer s = TestServer.start()) {
            Reply key = s.admin("POST", "/api/v1/providers", Map.of("provider", "openai",
                    "api_key", mock.options().apiKey(), "base_url", mock.baseUrl()));
            assertEquals(201, key.status(), key.toString());
            s.createAgent(9999L, 10_000);
            // The seed's token: the agent row's hash is the admin-issued token's, so use that one (D15).
            String icToken = s.admin("POST", "/api/v1/agents/9999/ic-token/regenerate", null).json()
                    .path("ic_token").asText();
            String ipTokenKey = Secrets.DEV_IP_TOKEN_KEY_HEX;
            EdgeOptions options = EdgeOptions.of(URI.create(s.url()), icToken, 0, ipTokenKey, Provider.OPENAI)
                    .withBaseUrl(Provider.OPENAI, URI.create(mock.baseUrl()));

            SeedRun.Result first;
            try (EdgeProxy edge = EdgeProxy.start(options)) {
                System.out.println("CONCURRENT BUDGET TEST (edge proxy " + edge.baseUrl() + " against " + s.url() + ")");
                first = SeedRun.run(edge.baseUrl(), icToken, 10, System.out);
            }
            long[] account = s.account(9999);
            SeedRun.printMoney(System.out, account[0], account[1], account[2]);
            assertEquals(0, first.errors(), "errors: " + first.errorTexts());
            assertEquals(10, first.blocked());
            assertEquals(33, first.successes());
            assertEquals(33, mock.billedRequests());
            assertEquals(10_000, account[0]);
            assertEquals(account[0], account[1] + account[2], "bank identity");
            assertTrue(account[1] <= 10_000);
            assertEquals(10_000 - 33 * 300, account[2], "the edge returned exactly what it did not spend");

            SeedRun.Result second;
            try (EdgeProxy edge = EdgeProxy.start(options)) {
                System.out.println("Second run, without resetting the budget:");
                second = SeedRun.run(edge.baseUrl(), icToken, 10, System.out);
            }
            assertEquals(0, second.successes(), "only the remainder is granted: blocked at once");
            assertEquals(10, second.blocked());
            assertEquals(0, second.errors(), "errors: " + second.errorTexts());
            assertEquals(10_000 - 33 * 300, s.account(9999)[2], "and the remainder comes back again");
        }
    }
}
