package io.iron.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw HTTP to the proxy with the JDK client: for the cases an SDK hides (exact bodies, faults). */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    /** A POST with the IC token as Bearer and extra header name/value pairs; a fresh client per call. */
    static HttpResponse<String> post(ProxyHarness h, String path, String json, String... headers) {
        return postAs(h, "Bearer " + h.icToken, path, json, headers);
    }

    /** As {@link #post} with the given Authorization header value (null: none). */
    static HttpResponse<String> postAs(ProxyHarness h, String authorization, String path, String json,
                                       String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    static long header(HttpResponse<?> res, String name) {
        return Long.parseLong(res.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name)));
    }
}
