package io.iron.http.agentproxy;

import io.iron.engine.pricing.Cost;
import io.iron.engine.pricing.PriceTable;
import io.iron.http.Reply;
import io.iron.http.TestServer;
import io.iron.proxy.ProxyOptions;
import io.iron.proxy.mock.MockProvider;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed scenario through {@code iron serve}: the control server with the agent proxy mounted, a real SQLite file,
 * the provider key stored encrypted with its base URL pointing at the mock provider, agent 9999 with 10_000 µ$, and
 * the seed's client (10 threads, gpt-4o-mini, max_tokens 500) on the official OpenAI SDK. Each call costs 301 µ$
 * (the mock bills 5 prompt + 500 completion tokens): 33 fit.
 */
class SeedThroughServeTest {

    @Test
    void tenThreadsDrainTheBudgetThroughServeAndASecondRunIsBlockedAtOnce() throws InterruptedException {
        try (MockProvider mock = MockProvider.start(MockProvider.Options.defaults().withCompletionTokens(500));
             TestServer s = TestServer.start(b -> b.extraRouting(
                     ProxyMount.routes(PriceTable.bundled(), ProxyOptions.defaults())))) {
            Reply key = s.admin("POST", "/api/v1/providers", Map.of("provider", "openai",
                    "api_key", mock.options().apiKey(), "base_url", mock.baseUrl()));
            assertEquals(201, key.status(), key.toString());
            TestServer.Agent agent = s.createAgent(9999L, 10_000);

            System.out.println("CONCURRENT BUDGET TEST (through iron serve)");
            SeedRun.Result first = SeedRun.run(s.url() + "/v1", agent.icToken(), 10, System.out);
            long[] account = s.account(9999);

            assertEquals(0, first.errors(), "errors: " + first.errorTexts());
            assertEquals(10, first.blocked(), "every thread ends blocked");
            assertEquals(33, first.successes());
            assertEquals(33, mock.billedRequests(), "the provider was called only for paid calls");
            long perCall = Cost.costMicros(PriceTable.bundled().require("gpt-4o-mini"),
                    mock.promptTokensBilled() / 33, mock.completionTokensBilled() / 33);
            long billedByProvider = 33 * perCall;
            assertEquals(10_000, account[0]);
            assertTrue(account[1] <= 10_000, "never more than the budget");
            assertEquals(account[0], account[1] + account[2], "bank identity");
            Reply usage = s.admin("GET", "/api/v1/agents/9999/usage", null);
            assertEquals(200, usage.status(), usage.toString());
            assertEquals(billedByProvider, usage.json().path("spent_microdollars").asLong(),
                    "settled exactly what the provider billed: " + usage.body());
            assertEquals(0, usage.json().path("reserved_microdollars").asLong(), usage.body());
            SeedRun.printMoney(System.out, account[0], usage.json().path("spent_microdollars").asLong(),
                    account[2]);

            System.out.println("Second run, without resetting the budget:");
            SeedRun.Result second = SeedRun.run(s.url() + "/v1", agent.icToken(), 10, System.out);
            assertEquals(0, second.successes(), "only the remainder is left: blocked at once");
            assertEquals(10, second.blocked());
            assertEquals(0, second.errors(), "errors: " + second.errorTexts());
            assertEquals(33, mock.billedRequests());

            String metrics = s.send("GET", "/metrics", null, null).body();
            assertTrue(metrics.contains("iron_settlements_total{kind=\"settled\"} 33.0"), metrics);
            assertTrue(metrics.contains("iron_reservations_total{outcome=\"admitted\"} 33.0"), metrics);
        }
    }
}
