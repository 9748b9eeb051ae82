package io.iron.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.iron.engine.config.Secrets;
import io.iron.engine.store.db.Database;
import io.iron.engine.store.db.Dialect;
import io.iron.engine.store.db.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real control server on a loopback port over a fresh SQLite file, with the dev secrets (so the seed's token
 * verifies), a movable clock, and helpers that go through HTTP like any client.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    /** The seed doc's pre-generated token for agent_9999 (default IC_TOKEN_SECRET). */
    public static final String SEED_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJhZ2VudF9pZCI6ImFnZW50Xzk5OTkiLCJidWRnZXRfaWQiOiJidWRnZXRfOTk5OSIsImlhdCI6MTc2NTcyODQyMywiaXNzIjoiaXJvbi1jb250cm9sLXBhbmVsIiwicGVybWlzc2lvbnMiOlsibGxtOmNhbGwiLCJhbmFseXRpY3M6d3JpdGUiXX0.j6F-glMhP5DPEZ9A1crRfSbk7RLUyJoZyiBloiJ4GpY";
    public static final String PROVIDER_KEY = "sk-test-provider-key-1234567890";

    public final TestDatabase files;
    public final Database db;
    public final IronServer server;
    public final TestClock clock = new TestClock();
    public final Secrets secrets = Secrets.fromEnv(Map.of(), true);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(Dialect dialect, Consumer<IronServer.Builder> tweak) {
        this.files = TestDatabase.create(dialect);
        this.db = files.open();
        IronServer.Builder b = ServerStack.over(db, clock).configure(IronServer.builder())
                .host("127.0.0.1").port(0)
                .secrets(secrets)
                .adminToken(ADMIN_TOKEN)
                .sweepInterval(Duration.ZERO);
        tweak.accept(b);
        this.server = b.build().start();
    }

    public static TestServer start() {
        return new TestServer(Dialect.SQLITE, b -> { });
    }

    public static TestServer start(Consumer<IronServer.Builder> tweak) {
        return new TestServer(Dialect.SQLITE, tweak);
    }

    /** On PostgreSQL: the calling test is skipped when no test server is reachable. */
    public static TestServer start(Dialect dialect) {
        return new TestServer(dialect, b -> { });
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    // ------------------------------------------------------------------ raw HTTP

    public Reply send(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            req.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        req.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = null;
            try {
                json = res.body().isEmpty() ? null : JsonCodec.readTree(res.body());
            } catch (RuntimeException notJson) {
                // left null
            }
            return new Reply(res.statusCode(), res.body(), json, res.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply post(String path, String json, String... headers) {
        return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }

    public Reply postJson(String path, Object body, String... headers) {
        return post(path, JsonCodec.writeString(body), headers);
    }

    public Reply admin(String method, String path, Object body) {
        return send(method, path, body == null ? null : "application/json",
                body == null ? null : JsonCodec.write(body), "Authorization", "Bearer " + ADMIN_TOKEN);
    }

    // ------------------------------------------------------------------ protocol helpers

    public Reply handshake(String icToken) {
        return postJson("/api/v1/budget/handshake", Map.of("ic_token", icToken, "provider", "openai"));
    }

    public Reply handshake(String icToken, long requestedMicros) {
        return postJson("/api/v1/budget/handshake", Map.of("ic_token", icToken, "provider", "openai",
                "requested_budget", requestedMicros));
    }

    public Reply report(String leaseId, String requestId, long costMicros) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lease_id", leaseId);
        body.put("request_id", requestId);
        body.put("tokens", 100);
        body.put("cost_microdollars", costMicros);
        body.put("model", "gpt-4o-mini");
        body.put("provider", "openai");
        return postJson("/api/v1/budget/report", body);
    }

    public Reply giveBack(String leaseId, long spentMicros) {
        return postJson("/api/v1/budget/return", Map.of("lease_id", leaseId, "spent_microdollars", spentMicros));
    }

    public Reply refresh(String icToken, String leaseId, Long requestedMicros) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ic_token", icToken);
        body.put("current_lease_id", leaseId);
        if (requestedMicros != null) {
            body.put("requested_budget", requestedMicros);
        }
        return postJson("/api/v1/budget/refresh", body, "Authorization", "Bearer " + icToken);
    }

    // ------------------------------------------------------------------ admin helpers

    /** Stores {@link #PROVIDER_KEY} as the OpenAI key (it fills the placeholder row 1). */
    public long addOpenAiKey() {
        Reply r = admin("POST", "/api/v1/providers", Map.of("provider", "openai", "api_key", PROVIDER_KEY));
        if (r.status() != 201) {
            throw new AssertionError("adding a key failed: " + r);
        }
        return r.num("id");
    }

    /** Creates an agent with a budget; returns its IC token. */
    public Agent createAgent(Long id, long budgetMicros) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (id != null) {
            body.put("id", id);
        }
        body.put("name", "agent-" + (id == null ? "auto" : id));
        body.put("budget_microdollars", budgetMicros);
        Reply r = admin("POST", "/api/v1/agents", body);
        if (r.status() != 201) {
            throw new AssertionError("creating an agent failed: " + r);
        }
        return new Agent(r.json().path("agent").path("id").asLong(), r.json().path("ic_token").asText());
    }

    public record Agent(long id, String icToken) { }

    public Reply budgetOf(long agentId) {
        return admin("GET", "/api/v1/agents/" + agentId, null);
    }

    /** {total_allocated, total_spent, budget_remaining} as the admin API shows them. */
    public long[] account(long agentId) {
        JsonNode b = budgetOf(agentId).json().path("budget");
        return new long[] {b.path("total_allocated").asLong(), b.path("total_spent").asLong(),
                b.path("budget_remaining").asLong()};
    }

    @Override
    public void close() {
        server.close();
        db.close();
        files.close();
    }
}
