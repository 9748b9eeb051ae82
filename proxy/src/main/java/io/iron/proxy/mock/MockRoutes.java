package io.iron.proxy.mock;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.iron.proxy.Bodies;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The three handlers. One straight-line flow: count, see, authenticate, fault, parse, wait, answer, bill. */
final class MockRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HeaderName X_API_KEY = HeaderNames.create("x-api-key");
    private static final HeaderName ANTHROPIC_VERSION = HeaderNames.create("anthropic-version");
    private static final HeaderName X_MOCK_FAULT = HeaderNames.create("x-mock-fault");
    private static final HeaderName X_MOCK_COMPLETION_TOKENS = HeaderNames.create("x-mock-completion-tokens");
    private static final HeaderName X_MOCK_PROMPT_TOKENS = HeaderNames.create("x-mock-prompt-tokens");
    private static final Header JSON_TYPE = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "application/json");
    private static final Header SSE_TYPE =
            HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    private static final Header NO_CACHE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-cache");

    private final MockProvider mock;

    MockRoutes(MockProvider mock) {
        this.mock = mock;
    }

    /** The two providers differ in auth and error shape; everything else is shared. */
    private enum Dialect { OPENAI, ANTHROPIC }

    /** A request that passed auth and the pre-answer faults: its parsed body and the mock's per-request knobs. */
    private record Admitted(JsonNode body, Fault fault, ChatCall.Sizing sizing) {
    }

    void openAiChat(ServerRequest req, ServerResponse res) throws IOException {
        Admitted in = admit(req, res, Dialect.OPENAI);
        if (in == null) {
            return;
        }
        ChatCall call;
        try {
            call = ChatCall.openAi(in.body(), in.sizing());
        } catch (BadRequest e) {
            badRequest(res, Dialect.OPENAI, e);
            return;
        }
        answerChat(res, Dialect.OPENAI, call, in.fault());
    }

    void anthropicMessages(ServerRequest req, ServerResponse res) throws IOException {
        Admitted in = admit(req, res, Dialect.ANTHROPIC);
        if (in == null) {
            return;
        }
        ChatCall call;
        try {
            call = ChatCall.anthropic(in.body(), in.sizing());
        } catch (BadRequest e) {
            badRequest(res, Dialect.ANTHROPIC, e);
            return;
        }
        answerChat(res, Dialect.ANTHROPIC, call, in.fault());
    }

    void openAiEmbeddings(ServerRequest req, ServerResponse res) throws IOException {
        Admitted in = admit(req, res, Dialect.OPENAI);
        if (in == null) {
            return;
        }
        EmbeddingCall call;
        try {
            call = EmbeddingCall.parse(in.body(), mock.options().embeddingDimensions(), in.sizing().promptOverride());
        } catch (BadRequest e) {
            badRequest(res, Dialect.OPENAI, e);
            return;
        }
        pause(mock.options().delayMillis());
        byte[] bytes = OpenAiWire.embeddings(call, in.fault() != Fault.NO_USAGE);
        mock.bill(call.promptTokens(), 0);
        if (in.fault() == Fault.CUT_MID_STREAM) {
            sendHalfThenCut(res, bytes);
        } else {
            res.header(JSON_TYPE).send(bytes);
        }
    }

    /**
     * Everything before the body is understood: count, record, authenticate, validate the mock's own headers,
     * apply the faults that happen before any answer, parse JSON. Returns null when a response was already sent.
     */
    private Admitted admit(ServerRequest req, ServerResponse res, Dialect dialect) throws IOException {
        mock.countRequest();
        byte[] raw = body(req);
        String authorization = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        // anthropic-java 3.x sends its API key as "Authorization: Bearer"; older clients and curl use x-api-key.
        String apiKey = dialect == Dialect.OPENAI
                ? bearerToken(authorization)
                : req.headers().first(X_API_KEY).orElseGet(() -> bearerToken(authorization));
        mock.saw(new SeenRequest(req.path().rawPath(), apiKey, authorization, headerMap(req)));

        if (!mock.options().apiKey().equals(apiKey)) {
            mock.countUnauthorized();
            unauthorized(res, dialect, authorization, apiKey);
            return null;
        }
        if (dialect == Dialect.ANTHROPIC && req.headers().first(ANTHROPIC_VERSION).isEmpty()) {
            send(res, Status.BAD_REQUEST_400,
                    AnthropicWire.error("invalid_request_error", "anthropic-version: header is required"));
            return null;
        }
        ChatCall.Sizing sizing;
        Fault fault;
        try {
            sizing = sizing(req);
            fault = faultOf(req);
        } catch (IllegalArgumentException e) {
            badRequest(res, dialect, new BadRequest(e.getMessage(), null));
            return null;
        }
        switch (fault) {
            case STATUS_500 -> {
                send(res, Status.INTERNAL_SERVER_ERROR_500, dialect == Dialect.OPENAI
                        ? OpenAiWire.error("The server had an error while processing your request. Sorry about that!",
                        "server_error", null, null)
                        : AnthropicWire.error("api_error", "Internal server error"));
                return null;
            }
            case STATUS_429 -> {
                send(res, Status.TOO_MANY_REQUESTS_429, dialect == Dialect.OPENAI
                        ? OpenAiWire.error("Rate limit reached for requests. Please try again later.",
                        "requests", null, "rate_limit_exceeded")
                        : AnthropicWire.error("rate_limit_error",
                        "Number of request tokens has exceeded your per-minute rate limit"));
                return null;
            }
            case RESET_BEFORE_BODY -> throw new CloseConnectionException("mock fault reset-before-body");
            case HANG -> {
                pause(mock.options().hangMillis());
                throw new CloseConnectionException("mock fault hang: released after hangMillis or close()");
            }
            default -> {
            }
        }
        try {
            JsonNode body = JSON.readTree(raw);
            if (body == null || !body.isObject()) {
                throw new BadRequest("The request body must be a JSON object.", null);
            }
            return new Admitted(body, fault, sizing);
        } catch (JacksonException e) {
            badRequest(res, dialect, new BadRequest("We could not parse the JSON body of your request. (HINT: This "
                    + "likely means you aren't using your HTTP library correctly.)", null));
        } catch (BadRequest e) {
            badRequest(res, dialect, e);
        }
        return null;
    }

    private void answerChat(ServerResponse res, Dialect dialect, ChatCall call, Fault fault) throws IOException {
        boolean withUsage = fault != Fault.NO_USAGE;
        CompletionText text = CompletionText.of(call.completionTokens(), mock.options().chunks());
        String id = (dialect == Dialect.OPENAI ? "chatcmpl-mock" : "msg_mock") + mock.nextId();
        pause(mock.options().delayMillis());
        if (!call.stream()) {
            byte[] bytes = dialect == Dialect.OPENAI
                    ? OpenAiWire.completion(id, epochSeconds(), call, text, withUsage)
                    : AnthropicWire.message(id, call, text, withUsage);
            // The whole answer was generated before a byte went out, so a cut still costs the full amount.
            mock.bill(call.promptTokens(), call.completionTokens());
            if (fault == Fault.CUT_MID_STREAM) {
                sendHalfThenCut(res, bytes);
            } else {
                res.header(JSON_TYPE).send(bytes);
            }
            return;
        }
        StreamFrames frames = dialect == Dialect.OPENAI
                ? OpenAiWire.stream(id, epochSeconds(), call, text, withUsage)
                : AnthropicWire.stream(id, call, text, withUsage);
        stream(res, call, frames, fault == Fault.CUT_MID_STREAM);
    }

    /**
     * Writes and flushes frame by frame. Bills the prompt plus the completion tokens of the text frames written
     * before the stream ended, was cut, or the client went away — always before the last byte leaves, so a client
     * that has seen the end of the stream also sees the counters updated.
     */
    private void stream(ServerResponse res, ChatCall call, StreamFrames frames, boolean cut) throws IOException {
        res.header(SSE_TYPE).header(NO_CACHE);
        // Without a chunk delay the frames would reach the client together anyway; letting the server's buffer
        // coalesce them saves a write per frame, which is most of a stream's cost in a load test.
        boolean flushEachFrame = cut || mock.options().chunkDelayMillis() > 0;
        long sentTokens = 0;
        boolean billed = false;
        try {
            OutputStream out = res.outputStream();
            out.write(frames.opening());
            out.flush(); // headers and the first frame go out now: the response is chunked from here on
            int contentFrames = cut ? (frames.content().length + 1) / 2 : frames.content().length;
            for (int i = 0; i < contentFrames; i++) {
                pause(mock.options().chunkDelayMillis());
                out.write(frames.content()[i]);
                if (flushEachFrame) {
                    out.flush();
                }
                sentTokens += frames.contentTokens()[i];
            }
            if (cut) {
                mock.bill(call.promptTokens(), sentTokens);
                billed = true;
                throw new CloseConnectionException("mock fault cut-mid-stream");
            }
            pause(mock.options().chunkDelayMillis());
            mock.bill(call.promptTokens(), call.completionTokens());
            billed = true;
            out.write(frames.closing());
            out.close();
        } finally {
            if (!billed) {
                mock.bill(call.promptTokens(), sentTokens);
            }
        }
    }

    /** Announces the full Content-Length, sends half of it, then drops the connection. */
    private static void sendHalfThenCut(ServerResponse res, byte[] bytes) throws IOException {
        res.header(JSON_TYPE).contentLength(bytes.length);
        OutputStream out = res.outputStream();
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        throw new CloseConnectionException("mock fault cut-mid-stream");
    }

    private void unauthorized(ServerResponse res, Dialect dialect, String authorization, String apiKey) {
        byte[] body;
        if (dialect == Dialect.ANTHROPIC) {
            body = AnthropicWire.error("authentication_error", "invalid x-api-key");
        } else if (apiKey == null) {
            body = OpenAiWire.error("You didn't provide an API key. You need to provide your API key in an "
                    + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
                    + (authorization == null ? "" : " The Authorization header you sent is not of that form."),
                    "invalid_request_error", null, null);
        } else {
            body = OpenAiWire.error("Incorrect API key provided: " + masked(apiKey) + ". You can find your API key "
                    + "at https://platform.openai.com/account/api-keys.", "invalid_request_error", null,
                    "invalid_api_key");
        }
        send(res, Status.UNAUTHORIZED_401, body);
    }

    private static void badRequest(ServerResponse res, Dialect dialect, BadRequest e) {
        send(res, Status.BAD_REQUEST_400, dialect == Dialect.OPENAI
                ? OpenAiWire.error(e.getMessage(), "invalid_request_error", e.param(), null)
                : AnthropicWire.error("invalid_request_error", e.getMessage()));
    }

    private static void send(ServerResponse res, Status status, byte[] body) {
        res.status(status).header(JSON_TYPE).send(body);
    }

    private ChatCall.Sizing sizing(ServerRequest req) {
        Long completion = headerLong(req, X_MOCK_COMPLETION_TOKENS);
        if (completion != null && completion > 1_000_000) {
            throw new IllegalArgumentException("x-mock-completion-tokens must be 0..1000000, got " + completion);
        }
        return new ChatCall.Sizing(mock.options().completionTokens(), mock.options().defaultMaxTokens(),
                completion == null ? null : completion.intValue(), headerLong(req, X_MOCK_PROMPT_TOKENS));
    }

    private Fault faultOf(ServerRequest req) {
        return req.headers().first(X_MOCK_FAULT).map(Fault::parse).orElseGet(mock::fault);
    }

    /** A non-negative integer header, or null when absent. */
    private static Long headerLong(ServerRequest req, HeaderName name) {
        String value = req.headers().first(name).orElse(null);
        if (value == null) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name.lowerCase() + " must be a non-negative integer, got '" + value + "'");
    }

    /** The request body, whole (no limit of its own), read as the proxy reads it. */
    private static byte[] body(ServerRequest req) throws IOException {
        try (InputStream in = req.content().inputStream()) {
            return Bodies.readBounded(in, req.headers().contentLength(), Integer.MAX_VALUE - 8);
        }
    }

    /** Waits, but wakes as soon as the mock closes so shutdown never waits for a sleeping request. */
    private void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            mock.closing().await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloseConnectionException("mock provider interrupted");
        }
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).strip();
    }

    private static Map<String, String> headerMap(ServerRequest req) {
        Map<String, String> map = new HashMap<>();
        for (Header h : req.headers()) {
            map.putIfAbsent(h.name().toLowerCase(Locale.ROOT), h.get());
        }
        return map;
    }

    /** OpenAI shows the first 3 and last 4 characters of a wrong key. */
    private static String masked(String key) {
        return key.length() <= 8 ? "*".repeat(key.length())
                : key.substring(0, 3) + "*".repeat(Math.min(key.length() - 7, 20)) + key.substring(key.length() - 4);
    }

    private static long epochSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
