package io.iron.http.agentproxy;

import io.iron.engine.pricing.PriceTable;
import io.iron.http.Reply;
import io.iron.http.TestServer;
import io.iron.proxy.ProxyOptions;
import io.iron.proxy.mock.MockProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the proxy in {@code iron serve} remembers of the directory (IC-token checks, agent rows, opened keys) never
 * outlives a change for long: a revoked or regenerated token, a disabled key and a re-enabled one take effect within
 * the cache time. The waits below are bounded polls, not timing assertions.
 */
class ProxyDirectoryThroughServeTest {
    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":16,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private final MockProvider mock = MockProvider.start(MockProvider.Options.defaults());
    private final TestServer s = TestServer.start(b -> b.extraRouting(
            ProxyMount.routes(PriceTable.bundled(), ProxyOptions.defaults())));

    @AfterEach
    void close() {
        s.close();
        mock.close();
    }

    private Reply chat(String icToken) {
        return s.post("/v1/chat/completions", CHAT, "Authorization", "Bearer " + icToken);
    }

    /** Calls until the status matches (at most 10 s; the caches hold for 1 s). */
    private Reply until(String icToken, IntPredicate status) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Reply r = chat(icToken);
        while (!status.test(r.status()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            r = chat(icToken);
        }
        return r;
    }

    private long addMockKey() {
        Reply key = s.admin("POST", "/api/v1/providers", Map.of("provider", "openai",
                "api_key", mock.options().apiKey(), "base_url", mock.baseUrl()));
        assertEquals(201, key.status(), key.toString());
        return key.num("id");
    }

    @Test
    void aTokenIsCheckedAgainstTheAgentsCurrentOneAndBadTokensAreRefused() throws InterruptedException {
        addMockKey();
        TestServer.Agent a = s.createAgent(null, 1_000_000);
        assertEquals(200, chat(a.icToken()).status());
        assertEquals(200, chat(a.icToken()).status(), "the remembered check still answers");
        assertEquals(401, chat("not-a-token").status());
        String forged = a.icToken().substring(0, a.icToken().length() - 2)
                + (a.icToken().endsWith("AA") ? "BB" : "AA");
        assertEquals(401, chat(forged).status(), "a bad signature is refused");

        Reply regen = s.admin("POST", "/api/v1/agents/" + a.id() + "/ic-token/regenerate", null);
        assertEquals(200, regen.status());
        String fresh = regen.text("ic_token");
        assertEquals(401, until(a.icToken(), st -> st == 401).status(), "the old token stops working");
        assertEquals(200, chat(fresh).status());

        assertEquals(204, s.admin("DELETE", "/api/v1/agents/" + a.id() + "/ic-token", null).status());
        assertEquals(401, until(fresh, st -> st == 401).status(), "a revoked token stops working");
    }

    @Test
    void aDisabledKeyStopsBeingUsedAndAReEnabledOneIsUsedAgain() throws InterruptedException {
        long keyId = addMockKey();
        TestServer.Agent a = s.createAgent(null, 1_000_000);
        assertEquals(200, chat(a.icToken()).status());
        long billed = mock.billedRequests();

        assertEquals(200, s.admin("PUT", "/api/v1/providers/" + keyId, Map.of("is_enabled", false)).status());
        Reply refused = until(a.icToken(), st -> st != 200);
        assertEquals(500, refused.status(), refused.toString());
        assertTrue(refused.body().contains("provider_key_missing"), refused.body());

        assertEquals(200, s.admin("PUT", "/api/v1/providers/" + keyId, Map.of("is_enabled", true)).status());
        assertEquals(200, until(a.icToken(), st -> st == 200).status());
        assertTrue(mock.billedRequests() > billed);
        assertEquals(0, s.admin("GET", "/api/v1/agents/" + a.id() + "/usage", null).json()
                .path("reserved_microdollars").asLong(), "refused calls released their reservations");
    }
}
