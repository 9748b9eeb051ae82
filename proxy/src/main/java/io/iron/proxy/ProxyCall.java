package io.iron.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.iron.engine.actor.ActorBusyException;
import io.iron.engine.pricing.InvalidRequestException;
import io.iron.engine.pricing.ModelPrice;
import io.iron.engine.pricing.PriceTable;
import io.iron.engine.pricing.Reservation;
import io.iron.engine.pricing.ReservationEstimator;
import io.iron.engine.pricing.UnknownModelException;
import io.iron.proxy.budget.Admission;
import io.iron.proxy.budget.BudgetGate;
import io.iron.proxy.budget.BudgetUnavailableException;
import io.iron.proxy.budget.CallFacts;
import io.iron.proxy.budget.Hold;
import io.iron.proxy.route.Api;
import io.iron.proxy.route.Route;
import io.iron.proxy.stream.AnthropicPassThrough;
import io.iron.proxy.stream.AnthropicStreamMeter;
import io.iron.proxy.stream.MessagesToChatChunks;
import io.iron.proxy.stream.OpenAiPassThrough;
import io.iron.proxy.stream.OpenAiStreamMeter;
import io.iron.proxy.stream.SseReader;
import io.iron.proxy.stream.StreamMeter;
import io.iron.proxy.stream.StreamRelay;
import io.iron.proxy.stream.StreamTransform;
import io.iron.proxy.translate.ChatToMessages;
import io.iron.proxy.translate.MessagesToChat;
import io.iron.proxy.usage.Usage;
import io.iron.proxy.usage.UsageCost;
import io.iron.proxy.usage.UsageRecords;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One agent call, start to end: authenticate, read the body (bounded), price it, reserve, forward, answer, settle.
 * Straight-line blocking code on the request's virtual thread.
 *
 * <p>Money rules: a call refused before it is sent costs nothing; an upstream that cannot be reached, times out
 * before answering, answers an error status or resets before anything was generated is released; an answer with
 * a usage record settles its cost at the request model's price; an answer without one (no usage, a cut stream, a
 * drain that hit its bound) settles the full reservation (D9).
 */
final class ProxyCall {
    private static final System.Logger LOG = System.getLogger(ProxyCall.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final HeaderName X_API_KEY = HeaderNames.create("x-api-key");
    static final HeaderName ANTHROPIC_VERSION = HeaderNames.create("anthropic-version");
    static final HeaderName REMAINING = HeaderNames.create("x-iron-budget-remaining-micros");
    static final HeaderName RESERVED = HeaderNames.create("x-iron-reserved-micros");
    static final HeaderName COST = HeaderNames.create("x-iron-cost-micros");
    private static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
    private static final int MAX_SSE_LINE_BYTES = 16 * 1024 * 1024;
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final AgentAuthenticator authenticator;
    private final ProviderKeys providerKeys;
    private final BudgetGate gate;
    private final PriceTable prices;
    private final ProxyOptions options;
    private final Upstream upstream;
    private final HeaderName[] forwardedHeaders;

    ProxyCall(AgentAuthenticator authenticator, ProviderKeys providerKeys, BudgetGate gate, PriceTable prices,
              ProxyOptions options, Upstream upstream) {
        this.authenticator = authenticator;
        this.providerKeys = providerKeys;
        this.gate = gate;
        this.prices = prices;
        this.options = options;
        this.upstream = upstream;
        this.forwardedHeaders = options.forwardedHeaders().stream().sorted().map(HeaderNames::create)
                .toArray(HeaderName[]::new);
    }

    /** A refusal before anything was reserved. */
    private static final class Refusal extends Exception {
        final ErrorBody body;

        Refusal(ErrorBody body) {
            super(body.message(), null, false, false);
            this.body = body;
        }
    }

    void handle(Api api, boolean forcedAnthropic, ServerRequest req, ServerResponse res) {
        boolean anthropicClient = api == Api.ANTHROPIC_MESSAGES;
        try {
            long agentId = authenticate(req);
            byte[] raw = readBody(req);
            JsonNode body = parse(raw);
            String model = ReservationEstimator.modelOf(body);
            Route route = Route.of(api, model, forcedAnthropic);
            ModelPrice price = prices.require(model);
            boolean stream = streamFlag(body);
            boolean clientAskedForUsage = body.path("stream_options").path("include_usage").asBoolean(false);
            ObjectNode upstreamBody = route.translated() ? ChatToMessages.request(body) : (ObjectNode) body;
            boolean rewritten = route.translated();
            if (stream && route.upstreamApi() == Api.OPENAI_CHAT && !clientAskedForUsage) {
                rewritten = true;
                // D9: ask for the usage chunk; it is dropped again below if the client did not ask for it.
                JsonNode options = upstreamBody.get("stream_options");
                (options instanceof ObjectNode o ? o : upstreamBody.putObject("stream_options"))
                        .put("include_usage", true);
            }
            Reservation reservation = ReservationEstimator.estimate(route.upstreamApi().endpoint(), upstreamBody,
                    price);
            byte[] upstreamBytes = rewritten ? JSON.writeValueAsBytes(upstreamBody) : raw; // untouched: as sent
            Hold hold = reserve(agentId, reservation.reserveMicros());
            Call call = new Call(req, res, route, price, reservation, hold, stream, clientAskedForUsage,
                    anthropicClient, new AtomicBoolean());
            try {
                // After the reservation: an edge proxy's key arrives with the lease the reservation drew.
                Provider provider = route.upstreamApi().provider();
                Optional<ProviderKey> key = providerKeys.keyFor(agentId, provider);
                if (key.isEmpty()) {
                    release(call);
                    send(res, ErrorBody.server("No " + provider.wireName() + " provider key is configured for "
                            + "this agent", "provider_key_missing"), anthropicClient);
                    return;
                }
                forward(call, key.get(), upstreamBytes);
            } catch (RuntimeException | Error e) {
                if (call.open()) {
                    // Whatever broke, the call may have been billed: never leave the money unaccounted for.
                    settle(call, hold.amountMicros(), call.factsAtBound());
                    LOG.log(Level.WARNING, "agent " + agentId + ": call failed unexpectedly (" + e + "); charged the "
                            + "full reservation " + hold.amountMicros() + " µ$");
                }
                throw e;
            }
        } catch (Refusal r) {
            send(res, r.body, anthropicClient);
        } catch (UnknownModelException e) {
            send(res, ErrorBody.badRequest(e.getMessage(), "model_not_found"), anthropicClient);
        } catch (InvalidRequestException e) {
            send(res, ErrorBody.badRequest(e.getMessage(), "invalid_request"), anthropicClient);
        } catch (BudgetUnavailableException e) {
            res.header(HeaderNames.RETRY_AFTER, "5");
            send(res, ErrorBody.busy("The budget cannot be checked right now: " + e.getMessage()), anthropicClient);
        } catch (ActorBusyException e) {
            res.header(HeaderNames.RETRY_AFTER, "1");
            send(res, ErrorBody.busy("Too many requests of this agent are queued; retry shortly"), anthropicClient);
        } catch (JsonProcessingException e) {
            send(res, ErrorBody.server("Could not encode the upstream request", "encoding_failed"), anthropicClient);
        } catch (ArithmeticException e) {
            send(res, ErrorBody.badRequest("The request's cost bound is too large to reserve: " + e.getMessage(),
                    "invalid_request"), anthropicClient);
        }
    }

    /** {@code GET /v1/models}: the priced models, for an authenticated agent. */
    void models(ServerRequest req, ServerResponse res) {
        boolean anthropicClient = req.headers().contains(ANTHROPIC_VERSION);
        try {
            authenticate(req);
        } catch (Refusal r) {
            send(res, r.body, anthropicClient);
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send((anthropicClient ? ModelList.anthropic(prices) : ModelList.openAi(prices))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Any other {@code /v1} path: a 404 that names what is served. */
    void notServed(ServerRequest req, ServerResponse res) {
        send(res, new ErrorBody(404, req.prologue().method().text() + " " + req.path().rawPath()
                + " is not served by the Iron proxy; it serves POST /v1/chat/completions, POST /v1/embeddings, "
                + "POST /v1/messages and GET /v1/models", "invalid_request_error", "unknown_url"),
                req.headers().contains(ANTHROPIC_VERSION));
    }

    /** What one admitted call carries through forwarding and settlement. */
    private record Call(ServerRequest req, ServerResponse res, Route route, ModelPrice price,
                        Reservation reservation, Hold hold, boolean stream, boolean clientAskedForUsage,
                        boolean anthropicClient, AtomicBoolean closed) {

        /** Not yet settled or released. */
        boolean open() {
            return !closed.get();
        }

        /** Facts of a call settled from a usage record. */
        CallFacts facts(Usage u) {
            return facts(u.inputTokens() + u.outputTokens() + u.cacheWriteTokens() + u.cacheReadTokens());
        }

        /** Facts of a call charged its full reservation: its token bound. */
        CallFacts factsAtBound() {
            return facts(reservation.maxInputTokens() + reservation.maxOutputTokens());
        }

        private CallFacts facts(long tokens) {
            return new CallFacts(price.model(), route.upstreamApi().provider().wireName(), Math.max(1, tokens));
        }
    }

    // ------------------------------------------------------------------------------------------------ before

    private long authenticate(ServerRequest req) throws Refusal {
        String token = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).strip())
                .or(() -> req.headers().first(X_API_KEY).map(String::strip))
                .filter(t -> !t.isEmpty())
                .orElse(null);
        OptionalLong agent = token == null ? OptionalLong.empty() : authenticator.agentFor(token);
        if (agent.isEmpty()) {
            throw new Refusal(ErrorBody.invalidApiKey());
        }
        return agent.getAsLong();
    }

    private byte[] readBody(ServerRequest req) throws Refusal {
        long max = options.maxBodyBytes();
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > max) {
            throw new Refusal(ErrorBody.bodyTooLarge(max));
        }
        byte[] bytes;
        try (InputStream in = req.content().inputStream()) {
            bytes = Bodies.readBounded(in, declared, max);
        } catch (IOException | RuntimeException e) {
            throw new Refusal(ErrorBody.badRequest("Could not read the request body: " + e.getMessage(),
                    "invalid_request"));
        }
        if (bytes.length > max) {
            throw new Refusal(ErrorBody.bodyTooLarge(max));
        }
        return bytes;
    }

    private static JsonNode parse(byte[] bytes) throws Refusal {
        try {
            JsonNode body = JSON.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new Refusal(ErrorBody.badRequest("The request body must be a JSON object", "invalid_json"));
            }
            return body;
        } catch (IOException e) {
            throw new Refusal(ErrorBody.badRequest("The request body is not valid JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()),
                    "invalid_json"));
        }
    }

    private static boolean streamFlag(JsonNode body) {
        JsonNode s = body.get("stream");
        if (s == null || s.isNull()) {
            return false;
        }
        if (!s.isBoolean()) {
            throw new InvalidRequestException("stream", "must be true or false, got " + s);
        }
        return s.booleanValue();
    }

    private Hold reserve(long agentId, long amountMicros) throws Refusal {
        return switch (gate.reserve(agentId, amountMicros)) {
            case Admission.Admitted a -> a.hold();
            case Admission.Exhausted x -> throw new Refusal(ErrorBody.budgetExceeded(x.spentMicros(),
                    x.reservedMicros(), x.limitMicros()));
            case Admission.Insufficient i -> throw new Refusal(ErrorBody.insufficientBudget(i.availableMicros(),
                    i.requestedMicros()));
        };
    }

    // ------------------------------------------------------------------------------------------------ forward

    private void forward(Call call, ProviderKey key, byte[] upstreamBody) {
        Api api = call.route().upstreamApi();
        Http1ClientRequest rq = upstream.post(key, api)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.ACCEPT, call.stream() ? "text/event-stream" : "application/json");
        ServerRequestHeaders clientHeaders = call.req().headers();
        for (HeaderName name : forwardedHeaders) {
            clientHeaders.first(name).ifPresent(v -> rq.header(name, v));
        }
        if (api.provider() == Provider.ANTHROPIC) {
            rq.header(X_API_KEY, key.apiKey());
            if (!rq.headers().contains(ANTHROPIC_VERSION)) {
                rq.header(ANTHROPIC_VERSION, DEFAULT_ANTHROPIC_VERSION);
            }
        } else {
            rq.header(HeaderNames.AUTHORIZATION, "Bearer " + key.apiKey());
        }
        HttpClientResponse upstream;
        try {
            upstream = rq.submit(upstreamBody);
        } catch (RuntimeException e) {
            release(call);
            boolean timeout = causedBy(e, SocketTimeoutException.class);
            LOG.log(Level.INFO, "agent " + call.hold().agentId() + ": " + api.provider() + " "
                    + (timeout ? "timed out" : "unreachable") + " (" + e + "); reservation released");
            send(call.res(), timeout
                    ? ErrorBody.upstream(504, "The provider did not answer within " + options.readTimeout()
                    .toSeconds() + " s; nothing was charged", "upstream_timeout")
                    : ErrorBody.upstream(502, "The provider could not be reached or closed the connection; "
                    + "nothing was charged", "upstream_unreachable"), call.anthropicClient());
            return;
        }
        try (upstream) {
            int status = upstream.status().code();
            if (status < 200 || status > 299) {
                answerUpstreamError(call, upstream, status);
            } else if (upstream.headers().first(HeaderNames.CONTENT_TYPE).orElse("")
                    .toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                answerStream(call, upstream);
            } else {
                answerWhole(call, upstream);
            }
        }
    }

    /** The provider refused or failed: it billed nothing, so release, and pass its answer on. */
    private void answerUpstreamError(Call call, HttpClientResponse upstream, int status) {
        release(call);
        byte[] body;
        try (InputStream in = upstream.inputStream()) {
            body = Bodies.readBounded(in, upstream.headers().contentLength(), MAX_ERROR_BODY_BYTES);
            if (body.length > MAX_ERROR_BODY_BYTES) {
                body = Arrays.copyOf(body, MAX_ERROR_BODY_BYTES); // passed on cut, as before
            }
        } catch (IOException | RuntimeException e) {
            body = new byte[0];
        }
        ServerResponse res = call.res();
        res.status(Status.create(status));
        copyUpstreamHeaders(upstream, res);
        res.header(RESERVED, Long.toString(call.hold().amountMicros()));
        res.header(COST, "0");
        res.send(body);
    }

    /** A non-streamed answer: read it whole (bounded), settle from its usage, then answer. */
    private void answerWhole(Call call, HttpClientResponse upstream) {
        byte[] bytes;
        try (InputStream in = upstream.inputStream()) {
            bytes = Bodies.readBounded(in, upstream.headers().contentLength(), options.maxResponseBytes());
        } catch (IOException | RuntimeException e) {
            // The status said success: the provider may have billed the whole answer.
            long charged = settle(call, call.hold().amountMicros(), call.factsAtBound());
            LOG.log(Level.INFO, "agent " + call.hold().agentId() + ": answer broke off (" + e + "); charged the "
                    + "full reservation " + charged + " µ$");
            send(call.res(), ErrorBody.upstream(502, "The provider's answer broke off before it was complete",
                    "upstream_reset"), call.anthropicClient());
            return;
        }
        // A translated answer is rewritten, so it is read whole; otherwise only its usage is (the rest is relayed as is).
        JsonNode json = null;
        JsonNode usageNode = null;
        if (bytes.length <= options.maxResponseBytes()) {
            try {
                if (call.route().translated()) {
                    json = JSON.readTree(bytes);
                    usageNode = json == null ? null : json.get("usage");
                } else {
                    usageNode = UsageRecords.topLevelField(JSON, bytes, "usage").orElse(null);
                }
            } catch (IOException e) {
                json = null;
                usageNode = null;
            }
        }
        boolean anthropicUpstream = call.route().upstreamApi() == Api.ANTHROPIC_MESSAGES;
        Optional<Usage> usage = anthropicUpstream ? UsageRecords.anthropic(usageNode) : UsageRecords.openAi(usageNode);
        long cost = usage.map(u -> UsageCost.costMicros(call.price(), u)).orElse(call.hold().amountMicros());
        long charged = settle(call, cost, usage.map(call::facts).orElseGet(call::factsAtBound));
        if (usage.isEmpty()) {
            LOG.log(Level.INFO, "agent " + call.hold().agentId() + ": answer without a usage record; charged the "
                    + "full reservation " + charged + " µ$ (D9)");
        }
        ServerResponse res = call.res();
        res.status(Status.OK_200);
        copyUpstreamHeaders(upstream, res);
        res.header(RESERVED, Long.toString(call.hold().amountMicros()));
        res.header(COST, Long.toString(charged));
        remaining(call.hold(), charged).ifPresent(r -> res.header(REMAINING, Long.toString(r)));
        if (bytes.length > options.maxResponseBytes()) {
            send(res, ErrorBody.upstream(502, "The provider's answer is larger than the proxy's limit of "
                    + options.maxResponseBytes() + " bytes", "upstream_too_large"), call.anthropicClient());
            return;
        }
        if (call.route().translated() && json != null) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(MessagesToChat.response(json, System.currentTimeMillis() / 1000).toString()
                    .getBytes(StandardCharsets.UTF_8));
        } else {
            res.send(bytes);
        }
    }

    /** A streamed answer: relay it event by event, then settle from the usage record seen on the way. */
    private void answerStream(Call call, HttpClientResponse upstream) {
        StreamMeter meter;
        StreamTransform transform;
        if (call.route().upstreamApi() == Api.ANTHROPIC_MESSAGES) {
            AnthropicStreamMeter m = new AnthropicStreamMeter(JSON);
            meter = m;
            transform = call.route().translated()
                    ? new MessagesToChatChunks(m, call.clientAskedForUsage(), System.currentTimeMillis() / 1000)
                    : new AnthropicPassThrough();
        } else {
            OpenAiStreamMeter m = new OpenAiStreamMeter(JSON);
            meter = m;
            transform = new OpenAiPassThrough(m, call.clientAskedForUsage());
        }
        ServerResponse res = call.res();
        res.status(Status.OK_200);
        copyUpstreamHeaders(upstream, res);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(RESERVED, Long.toString(call.hold().amountMicros()));
        remaining(call.hold(), -1).ifPresent(r -> res.header(REMAINING, Long.toString(r)));
        StreamRelay.Outcome outcome;
        try {
            OutputStream out = res.outputStream();
            outcome = StreamRelay.relay(new SseReader(upstream.inputStream(), MAX_SSE_LINE_BYTES), meter, transform,
                    out, options.drainBound());
            closeQuietly(out);
        } catch (RuntimeException e) {
            outcome = new StreamRelay.Outcome(false, new IOException(e.toString(), e), true, false);
        }
        settleStream(call, meter, outcome);
    }

    /**
     * D9: the usage record if the stream carried one (also when the client left and the rest was drained); a
     * release if it broke before anything was generated; otherwise the full reservation.
     */
    private void settleStream(Call call, StreamMeter meter, StreamRelay.Outcome outcome) {
        Hold hold = call.hold();
        Optional<Usage> usage = meter.usage();
        if (usage.isPresent()) {
            settle(call, UsageCost.costMicros(call.price(), usage.get()), call.facts(usage.get()));
        } else if (!meter.generated() && !outcome.upstreamCompleted()) {
            release(call);
            LOG.log(Level.INFO, "agent " + hold.agentId() + ": stream failed before anything was generated ("
                    + outcome.upstreamFailure() + "); reservation released");
        } else {
            long charged = settle(call, hold.amountMicros(), call.factsAtBound());
            LOG.log(Level.INFO, "agent " + hold.agentId() + ": stream ended without a usage record (completed "
                    + outcome.upstreamCompleted() + ", client gone " + outcome.clientGone() + ", drain cut "
                    + outcome.drainCut() + "); charged the full reservation " + charged + " µ$ (D9)");
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            // The client has gone; the money is settled from upstream all the same.
        }
    }

    /** Settles the call's hold, once. */
    private long settle(Call call, long actualMicros, CallFacts facts) {
        if (!call.closed().compareAndSet(false, true)) {
            throw new IllegalStateException("reservation " + call.hold().reservationId() + " settled twice");
        }
        return gate.settle(call.hold(), actualMicros, facts);
    }

    /** Releases the call's hold, once. */
    private void release(Call call) {
        if (!call.closed().compareAndSet(false, true)) {
            throw new IllegalStateException("reservation " + call.hold().reservationId() + " released twice");
        }
        gate.release(call.hold());
    }

    private void copyUpstreamHeaders(HttpClientResponse upstream, ServerResponse res) {
        for (Header h : upstream.headers()) {
            String n = h.name().toLowerCase(Locale.ROOT);
            if (n.equals("content-type") || n.equals("x-request-id") || n.equals("request-id")
                    || n.equals("retry-after") || n.startsWith("openai-") || n.startsWith("anthropic-")
                    || n.startsWith("x-ratelimit-")) {
                res.header(h);
            }
        }
    }

    private OptionalLong remaining(Hold hold, long chargedMicros) {
        try {
            return gate.remainingMicros(hold, chargedMicros);
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static void send(ServerResponse res, ErrorBody body, boolean anthropicClient) {
        res.status(Status.create(body.status()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.json(anthropicClient).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
