package io.iron.proxy.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Raw HTTP to the mock with the JDK client, plus SSE splitting: the tests see exactly the bytes a proxy would. */
final class Wire {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Wire() {
    }

    /** A POST to an OpenAI route with {@code Authorization: Bearer <key>} plus extra header name/value pairs. */
    static HttpRequest openAi(MockProvider mock, String path, String key, String json, String... headers) {
        HttpRequest.Builder b = post(mock, path, json, headers);
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b.build();
    }

    /** A POST to {@code /v1/messages} with {@code x-api-key} and {@code anthropic-version: 2023-06-01}. */
    static HttpRequest anthropic(MockProvider mock, String key, String json, String... headers) {
        HttpRequest.Builder b = post(mock, "/v1/messages", json, headers).header("anthropic-version", "2023-06-01");
        if (key != null) {
            b.header("x-api-key", key);
        }
        return b.build();
    }

    private static HttpRequest.Builder post(MockProvider mock, String path, String json, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(mock.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One server-sent event: its {@code event:} name (null if none) and its {@code data:} payload. */
    record Sse(String event, String data) {
        JsonNode json() {
            return Wire.json(data);
        }
    }

    /** Splits a complete SSE body into events; fails on any line that is neither {@code event:} nor {@code data:}. */
    static List<Sse> events(String body) {
        List<Sse> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isEmpty()) {
                continue;
            }
            String event = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                } else {
                    throw new AssertionError("not an SSE line: " + line);
                }
            }
            events.add(new Sse(event, data));
        }
        return events;
    }
}
