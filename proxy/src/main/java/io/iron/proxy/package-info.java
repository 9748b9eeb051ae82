/**
 * The agent proxy: OpenAI- and Anthropic-compatible routes that spend an agent's budget (PROTOCOL.md D6–D9).
 *
 * <p>Wiring: {@link io.iron.proxy.AgentProxy#register} mounts the routes on a Helidon routing; it needs an
 * {@link io.iron.proxy.AgentAuthenticator} (IC token → agent), {@link io.iron.proxy.ProviderKeys} (agent and
 * provider → real key and base URL), a {@link io.iron.proxy.budget.BudgetGate} (reserve / settle / release; the
 * in-process one is {@link io.iron.proxy.budget.ActorBudgetGate}), a price table and
 * {@link io.iron.proxy.ProxyOptions}. The edge proxy ({@link io.iron.proxy.edge.EdgeProxy}) is the same proxy over
 * a bank that is a remote control server.
 *
 * <p>Decisions where the issue was silent:
 * <ul>
 *   <li>Errors are the OpenAI error object {@code {"error":{"message","type","param","code"}}}, also the 401
 *       ("Invalid API key", code {@code invalid_api_key}, so the SDKs raise their auth error) — friendlier than the
 *       reference's plain-text 401. The Anthropic route adds a top-level {@code "type":"error"}, which makes the same
 *       body a valid Anthropic error. 402 messages are the reference's, word for word.</li>
 *   <li>OpenAI streams: the proxy always asks for {@code stream_options.include_usage}; if the client did not, the
 *       usage-only last chunk is not forwarded, so the client sees the stream it asked for.</li>
 *   <li>Response headers: {@code x-iron-reserved-micros}; {@code x-iron-cost-micros} (what was charged) on whole
 *       answers only; {@code x-iron-budget-remaining-micros} after settlement on whole answers, and on streams as
 *       known before the body (this call's reservation still held).</li>
 *   <li>Provider errors (4xx, 5xx) are passed on with their status and body, and the reservation is released.
 *       Unreachable or reset before any answer: 502; no answer within the read timeout: 504; both released.</li>
 *   <li>A stream that breaks mid-way ends with an error event in the client's format (the SDKs raise it) and is
 *       charged its usage if one was seen, else its full reservation.</li>
 *   <li>Client headers are not forwarded except {@link io.iron.proxy.ProxyOptions#forwardedHeaders()}; credentials
 *       never are. Neither the IC token nor a provider key is ever logged.</li>
 *   <li>OpenAI-format calls for {@code claude*} models (or under {@code /anthropic/}) are translated as the reference
 *       does, streams included (Anthropic events re-told as chat completion chunks).</li>
 * </ul>
 */
package io.iron.proxy;
