package io.iron.proxy.route;

/**
 * How one request is served: the API the client speaks and the API sent upstream. They differ only for an
 * OpenAI chat request for a {@code claude*} model, which is translated to Anthropic Messages and back (PROTOCOL §3.2).
 */
public record Route(Api clientApi, Api upstreamApi) {

    public boolean translated() {
        return clientApi != upstreamApi;
    }

    /**
     * The route of a request to {@code clientApi} for {@code model}; {@code forcedAnthropic} is the reference's
     * {@code /anthropic} path prefix, which sends chat requests to Anthropic whatever the model.
     */
    public static Route of(Api clientApi, String model, boolean forcedAnthropic) {
        if (clientApi == Api.OPENAI_CHAT && (forcedAnthropic || model.startsWith("claude"))) {
            return new Route(clientApi, Api.ANTHROPIC_MESSAGES);
        }
        return new Route(clientApi, clientApi);
    }
}
