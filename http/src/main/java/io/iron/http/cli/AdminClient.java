package io.iron.http.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.iron.http.JsonCodec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The command line's side of the admin API: JSON over HTTP with the admin credential. Lease reclaims and budget
 * changes must go through the running server (its agents' actors hold the leases), so the CLI never writes the
 * database itself. A non-2xx answer becomes a {@link CliException} carrying the server's error message.
 */
public final class AdminClient {
    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AdminClient(String baseUrl, String token) {
        String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        try {
            this.base = URI.create(b);
        } catch (IllegalArgumentException e) {
            throw new CliException("--server '" + baseUrl + "' is not a URL such as http://127.0.0.1:3001");
        }
        this.token = token;
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    public JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    private JsonNode send(String method, String path, Object body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            req.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JsonCodec.write(body)));
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new CliException("cannot reach the Iron server at " + base + ": is `iron serve` running there?"
                    + " (set --server or SERVER_PORT)");
        } catch (IOException e) {
            throw new CliException("talking to the Iron server at " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        JsonNode json = res.body().isEmpty() ? null : parse(res.body());
        if (res.statusCode() == 401) {
            throw new CliException("the server at " + base + " refused the admin credential: set IRON_ADMIN_TOKEN"
                    + " to the value the server was started with");
        }
        if (res.statusCode() / 100 != 2) {
            String message = json != null && json.path("error").isTextual() ? json.path("error").asText()
                    : "HTTP " + res.statusCode();
            throw new CliException(message + " (HTTP " + res.statusCode() + ")");
        }
        return json;
    }

    private static JsonNode parse(String text) {
        try {
            return JsonCodec.readTree(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
