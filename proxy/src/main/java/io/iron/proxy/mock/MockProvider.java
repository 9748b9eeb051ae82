package io.iron.proxy.mock;

import io.helidon.webserver.WebServer;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A local stand-in for api.openai.com and api.anthropic.com that speaks their real wire formats, bills
 * deterministic token counts, and injects faults on demand. It is the upstream of the proxy's end-to-end tests and
 * of the perf suite, so the hot path is lean: one JSON parse per request, bodies built as strings, no reflection.
 *
 * <p>Routes (only the real APIs' paths):
 * <ul>
 *   <li>{@code POST /v1/chat/completions} — OpenAI, non-stream and {@code stream:true} (SSE). Official SDK base URL:
 *       {@link #openAiBaseUrl()} ({@code http://127.0.0.1:PORT/v1}, as the SDKs' default {@code https://api.openai.com/v1}).</li>
 *   <li>{@code POST /v1/embeddings} — OpenAI, {@code encoding_format} float or base64.</li>
 *   <li>{@code POST /v1/messages} — Anthropic, non-stream and stream. Official SDK base URL: {@link #baseUrl()}
 *       ({@code http://127.0.0.1:PORT}, as the SDK's default {@code https://api.anthropic.com}).</li>
 * </ul>
 *
 * <p>Auth: OpenAI routes need {@code Authorization: Bearer <apiKey>}; the Anthropic route needs
 * {@code x-api-key: <apiKey>} or, when that header is absent, {@code Authorization: Bearer <apiKey>} (what the
 * official anthropic-java 3.x SDK sends), else 401 in the provider's error shape; and an {@code anthropic-version}
 * header of any value (else 400, as the real API).
 *
 * <p>Tokens: prompt/input tokens = {@code ceil(utf8Bytes / 4) + 1} where utf8Bytes counts all message text
 * (OpenAI: each message's content string or text parts; Anthropic: {@code system} plus message text), see
 * {@link #promptTokensOf(long)}. Completion/output tokens = {@code min(limit, Options.completionTokens)},
 * limit = OpenAI {@code max_completion_tokens}, else {@code max_tokens}, else {@code Options.defaultMaxTokens} (16);
 * Anthropic {@code max_tokens} (required). The text is the words of {@value CompletionText#PHRASE} cycled,
 * one word per token, streamed in {@code Options.chunks} pieces. Headers {@code x-mock-completion-tokens: N} and
 * {@code x-mock-prompt-tokens: N} set the reported (and billed) counts exactly, limits ignored — a test can make the
 * "provider" overshoot. Faults: see {@link Fault}, per request with {@code x-mock-fault}.
 */
public final class MockProvider implements AutoCloseable {

    /**
     * Settings; start from {@link #defaults()} and change with the withers.
     *
     * @param host                bind address (default 127.0.0.1)
     * @param port                0 picks a free port
     * @param apiKey              the one key accepted (default {@code sk-mock})
     * @param delayMillis         wait before the first byte of every answer (time to first token)
     * @param chunkDelayMillis    wait before each streamed text piece and before the closing frames; when above 0
     *                            every frame is flushed on its own, at 0 the frames after the first are left to
     *                            the server's write buffer (fewer, larger HTTP chunks — the load-test setting)
     * @param chunks              text pieces per stream (≥ 1; fewer when there are fewer tokens)
     * @param completionTokens    cap on generated tokens (default 500)
     * @param defaultMaxTokens    OpenAI limit when the request sets neither max_completion_tokens nor max_tokens (16)
     * @param fault               fault applied to every request without an {@code x-mock-fault} header
     * @param hangMillis          how long {@link Fault#HANG} holds a request before dropping it (default 60 s)
     * @param embeddingDimensions vector length when the request has no {@code dimensions} (default 8)
     */
    public record Options(String host, int port, String apiKey, long delayMillis, long chunkDelayMillis, int chunks,
                          int completionTokens, int defaultMaxTokens, Fault fault, long hangMillis,
                          int embeddingDimensions) {
        public Options {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(fault, "fault");
            require(port >= 0 && port <= 65535, "port must be 0..65535, got " + port);
            require(!apiKey.isBlank(), "apiKey must not be blank");
            require(delayMillis >= 0, "delayMillis must be >= 0, got " + delayMillis);
            require(chunkDelayMillis >= 0, "chunkDelayMillis must be >= 0, got " + chunkDelayMillis);
            require(chunks >= 1, "chunks must be >= 1, got " + chunks);
            require(completionTokens >= 0, "completionTokens must be >= 0, got " + completionTokens);
            require(defaultMaxTokens >= 1, "defaultMaxTokens must be >= 1, got " + defaultMaxTokens);
            require(hangMillis >= 0, "hangMillis must be >= 0, got " + hangMillis);
            require(embeddingDimensions >= 1 && embeddingDimensions <= 4096,
                    "embeddingDimensions must be 1..4096, got " + embeddingDimensions);
        }

        public static Options defaults() {
            return new Options("127.0.0.1", 0, "sk-mock", 0, 0, 8, 500, 16, Fault.NONE, 60_000, 8);
        }

        public Options withHost(String v) {
            return new Options(v, port, apiKey, delayMillis, chunkDelayMillis, chunks, completionTokens,
                    defaultMaxTokens, fault, hangMillis, embeddingDimensions);
        }

        public Options withPort(int v) {
            return new Options(host, v, apiKey, delayMillis, chunkDelayMillis, chunks, completionTokens,
                    defaultMaxTokens, fault, hangMillis, embeddingDimensions);
        }

        public Options withApiKey(String v) {
            return new Options(host, port, v, delayMillis, chunkDelayMillis, chunks, completionTokens,
                    defaultMaxTokens, fault, hangMillis, embeddingDimensions);
        }

        public Options withDelayMillis(long v) {
            return new Options(host, port, apiKey, v, chunkDelayMillis, chunks, completionTokens,
                    defaultMaxTokens, fault, hangMillis, embeddingDimensions);
        }

        public Options withChunkDelayMillis(long v) {
            return new Options(host, port, apiKey, delayMillis, v, chunks, completionTokens,
                    defaultMaxTokens, fault, hangMillis, embeddingDimensions);
        }

        public Options withChunks(int v) {
            return new Options(host, port, apiKey, delayMillis, chunkDelayMillis, v, completionTokens,
                    defaultMaxTokens, fault, hangMillis, embeddingDimensions);
        }

        public Options withCompletionTokens(int v) {
            return new Options(host, port, apiKey, delayMillis, chunkDelayMillis, chunks, v,
                    defaultMaxTokens, fault, hangMillis, embeddingDimensions);
        }

        public Options withDefaultMaxTokens(int v) {
            return new Options(host, port, apiKey, delayMillis, chunkDelayMillis, chunks, completionTokens,
                    v, fault, hangMillis, embeddingDimensions);
        }

        public Options withFault(Fault v) {
            return new Options(host, port, apiKey, delayMillis, chunkDelayMillis, chunks, completionTokens,
                    defaultMaxTokens, v, hangMillis, embeddingDimensions);
        }

        public Options withHangMillis(long v) {
            return new Options(host, port, apiKey, delayMillis, chunkDelayMillis, chunks, completionTokens,
                    defaultMaxTokens, fault, v, embeddingDimensions);
        }

        public Options withEmbeddingDimensions(int v) {
            return new Options(host, port, apiKey, delayMillis, chunkDelayMillis, chunks, completionTokens,
                    defaultMaxTokens, fault, hangMillis, v);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException("MockProvider.Options: " + message);
            }
        }
    }

    private final Options options;
    private final WebServer server;
    // Counted down by close(): wakes hanging and delayed requests so stop() never waits for them.
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicReference<Fault> fault;
    private final AtomicReference<SeenRequest> lastRequest = new AtomicReference<>();
    private final AtomicLong ids = new AtomicLong();
    private final LongAdder requests = new LongAdder();
    private final LongAdder unauthorized = new LongAdder();
    private final LongAdder billedRequests = new LongAdder();
    private final LongAdder promptTokensBilled = new LongAdder();
    private final LongAdder completionTokensBilled = new LongAdder();

    private MockProvider(Options options) {
        this.options = options;
        this.fault = new AtomicReference<>(options.fault());
        MockRoutes routes = new MockRoutes(this);
        this.server = WebServer.builder()
                .host(options.host())
                .port(options.port())
                .shutdownHook(false)
                // Without it Nagle holds every write after the first until the client's delayed ACK (~40 ms).
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .routing(r -> r.post("/v1/chat/completions", routes::openAiChat)
                        .post("/v1/embeddings", routes::openAiEmbeddings)
                        .post("/v1/messages", routes::anthropicMessages))
                .build()
                .start();
    }

    /** Starts a mock on {@code options.host():options.port()} (port 0 = any free port). */
    public static MockProvider start(Options options) {
        return new MockProvider(Objects.requireNonNull(options, "options"));
    }

    /** Starts a mock with {@link Options#defaults()}: 127.0.0.1, a free port, key {@code sk-mock}. */
    public static MockProvider start() {
        return start(Options.defaults());
    }

    /**
     * The prompt/input tokens the mock reports and bills for {@code utf8Bytes} of message text:
     * {@code ceil(utf8Bytes / 4) + 1}. For tests that predict what a request through the proxy will cost.
     */
    public static long promptTokensOf(long utf8Bytes) {
        return ChatCall.promptTokensOf(utf8Bytes);
    }

    public int port() {
        return server.port();
    }

    /** {@code http://HOST:PORT} — the Anthropic SDK's base URL form (it appends {@code /v1/messages}). */
    public String baseUrl() {
        return "http://" + options.host() + ":" + port();
    }

    /** {@code http://HOST:PORT/v1} — the OpenAI SDK's base URL form (it appends {@code /chat/completions}). */
    public String openAiBaseUrl() {
        return baseUrl() + "/v1";
    }

    public Options options() {
        return options;
    }

    /** Replaces the global fault (for requests without {@code x-mock-fault}), e.g. when a proxy drops that header. */
    public void setFault(Fault newFault) {
        fault.set(Objects.requireNonNull(newFault, "fault"));
    }

    public Fault fault() {
        return fault.get();
    }

    /** Requests that reached a route, whatever the outcome (401, 400, faults included). */
    public long requests() {
        return requests.sum();
    }

    /** Requests refused with 401 for a missing or wrong key. */
    public long unauthorized() {
        return unauthorized.sum();
    }

    /** Requests the "provider" charged for (any answer that generated tokens, also cut or usage-less ones). */
    public long billedRequests() {
        return billedRequests.sum();
    }

    /** Prompt/input tokens the "provider" charged, summed over all requests. */
    public long promptTokensBilled() {
        return promptTokensBilled.sum();
    }

    /** Completion/output tokens the "provider" charged, summed over all requests. */
    public long completionTokensBilled() {
        return completionTokensBilled.sum();
    }

    /** The most recent request as seen on arrival (before auth), if any. */
    public Optional<SeenRequest> lastRequest() {
        return Optional.ofNullable(lastRequest.get());
    }

    /** The credential of the most recent request (Bearer token or x-api-key value), or {@code null}. */
    public String lastApiKey() {
        SeenRequest seen = lastRequest.get();
        return seen == null ? null : seen.apiKey();
    }

    /** The raw {@code Authorization} header of the most recent request, or {@code null}. */
    public String lastAuthorization() {
        SeenRequest seen = lastRequest.get();
        return seen == null ? null : seen.authorization();
    }

    /** Zeroes every counter and forgets the last request. */
    public void resetCounters() {
        requests.reset();
        unauthorized.reset();
        billedRequests.reset();
        promptTokensBilled.reset();
        completionTokensBilled.reset();
        lastRequest.set(null);
    }

    /** Stops the server; hanging requests are released (their connections dropped) first. */
    @Override
    public void close() {
        closing.countDown();
        server.stop();
    }

    /** Same as {@link #close()}. */
    public void stop() {
        close();
    }

    // ---- package-private hooks for MockRoutes ----

    void countRequest() {
        requests.increment();
    }

    void countUnauthorized() {
        unauthorized.increment();
    }

    void saw(SeenRequest seen) {
        lastRequest.set(seen);
    }

    void bill(long promptTokens, long completionTokens) {
        billedRequests.increment();
        promptTokensBilled.add(promptTokens);
        completionTokensBilled.add(completionTokens);
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    CountDownLatch closing() {
        return closing;
    }
}
