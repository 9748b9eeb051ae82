package io.iron.proxy.load;

import java.time.Duration;
import java.util.Objects;

/**
 * One load run: {@code clients} concurrent callers each send up to {@code requestsPerClient} calls (after
 * {@code warmupPerClient} unmeasured ones), stopping early at {@code timeLimit}; {@code stream} selects SSE answers.
 * The mock answers {@code completionTokens} tokens with no artificial delay, so what is measured is the proxy.
 */
public record LoadOptions(int clients, int requestsPerClient, int warmupPerClient, boolean stream,
                          int completionTokens, Duration timeLimit) {

    public LoadOptions {
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (clients < 1 || clients > 1024) {
            throw new IllegalArgumentException("clients must be 1..1024, got " + clients);
        }
        if (requestsPerClient < 1 || warmupPerClient < 0 || completionTokens < 1) {
            throw new IllegalArgumentException("requestsPerClient >= 1, warmupPerClient >= 0, completionTokens >= 1: "
                    + requestsPerClient + ", " + warmupPerClient + ", " + completionTokens);
        }
    }

    public static LoadOptions defaults() {
        return new LoadOptions(16, 500, 100, false, 50, Duration.ofSeconds(60));
    }

    public LoadOptions withClients(int v) {
        return new LoadOptions(v, requestsPerClient, warmupPerClient, stream, completionTokens, timeLimit);
    }

    public LoadOptions withRequestsPerClient(int v) {
        return new LoadOptions(clients, v, warmupPerClient, stream, completionTokens, timeLimit);
    }

    public LoadOptions withWarmupPerClient(int v) {
        return new LoadOptions(clients, requestsPerClient, v, stream, completionTokens, timeLimit);
    }

    public LoadOptions withStream(boolean v) {
        return new LoadOptions(clients, requestsPerClient, warmupPerClient, v, completionTokens, timeLimit);
    }

    public LoadOptions withTimeLimit(Duration v) {
        return new LoadOptions(clients, requestsPerClient, warmupPerClient, stream, completionTokens, v);
    }
}
