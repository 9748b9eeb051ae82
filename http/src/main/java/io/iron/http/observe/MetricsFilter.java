package io.iron.http.observe;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.time.Duration;

/** Counts every answer by route group and status class (4xx, 5xx, ...) and times it. */
public final class MetricsFilter implements Filter {
    private final ServerMetrics metrics;

    public MetricsFilter(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            metrics.response(group(req.path().rawPath()), res.status().code(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** A small fixed set of labels, so a scan of random paths cannot blow up the metric's cardinality. */
    static String group(String path) {
        if (path.startsWith("/api/v1/budget/") || path.startsWith("/api/budget/")) {
            String last = path.substring(path.lastIndexOf('/') + 1);
            return switch (last) {
                case "handshake", "report", "refresh", "return" -> "budget_" + last;
                default -> "other";
            };
        }
        if (path.startsWith("/api/v1/")) {
            return "admin";
        }
        if (path.startsWith("/v1/") || path.startsWith("/openai/") || path.startsWith("/anthropic/")) {
            return "proxy";
        }
        if (path.equals("/metrics") || path.endsWith("/health")) {
            return "observe";
        }
        return "other";
    }
}
