package io.iron.proxy;

import io.helidon.webserver.http.HttpRouting;
import io.iron.engine.pricing.PriceTable;
import io.iron.proxy.budget.BudgetGate;
import io.iron.proxy.route.Api;

import java.util.Objects;

/**
 * The agent-facing proxy: OpenAI {@code POST /v1/chat/completions} and {@code /v1/embeddings}, Anthropic
 * {@code POST /v1/messages} (each also under the reference's {@code /openai} and {@code /anthropic} prefixes), and
 * {@code GET /v1/models} (the priced models).
 * An agent points its SDK here with its IC token as the API key; every call reserves an upper bound of its cost,
 * is forwarded with the real provider key, and settles what the provider's usage record says (D6–D9).
 *
 * <p>Shared HTTP/1.1 clients with keep-alive serve every upstream call ({@link Upstream}).
 */
public final class AgentProxy {
    private final ProxyCall calls;

    public AgentProxy(AgentAuthenticator authenticator, ProviderKeys providerKeys, BudgetGate gate,
                      PriceTable prices, ProxyOptions options) {
        Objects.requireNonNull(options, "options");
        this.calls = new ProxyCall(Objects.requireNonNull(authenticator, "authenticator"),
                Objects.requireNonNull(providerKeys, "providerKeys"), Objects.requireNonNull(gate, "gate"),
                Objects.requireNonNull(prices, "prices"), options, new Upstream(options));
    }

    /**
     * Mounts the routes. The route table of the agent API is all here. It ends with a catch-all for {@code /v1/*}
     * (an SDK-shaped 404): mount any other {@code /v1} route before calling this.
     */
    public void register(HttpRouting.Builder routing) {
        routing.post("/v1/chat/completions", (req, res) -> calls.handle(Api.OPENAI_CHAT, false, req, res))
                .post("/v1/embeddings", (req, res) -> calls.handle(Api.OPENAI_EMBEDDINGS, false, req, res))
                .post("/v1/messages", (req, res) -> calls.handle(Api.ANTHROPIC_MESSAGES, false, req, res))
                .post("/openai/v1/chat/completions", (req, res) -> calls.handle(Api.OPENAI_CHAT, false, req, res))
                .post("/openai/v1/embeddings", (req, res) -> calls.handle(Api.OPENAI_EMBEDDINGS, false, req, res))
                .post("/anthropic/v1/messages", (req, res) -> calls.handle(Api.ANTHROPIC_MESSAGES, false, req, res))
                .post("/anthropic/v1/chat/completions", (req, res) -> calls.handle(Api.OPENAI_CHAT, true, req, res))
                .get("/v1/models", calls::models)
                // Anything else under /v1 is an API this proxy does not serve: say so in the SDKs' error shape.
                .any("/v1/*", calls::notServed);
    }
}
