package io.iron.proxy.load;

import java.util.Locale;

/** What one target (the mock directly, or through the proxy) did under load; latencies in microseconds. */
public record LoadResult(String target, long ok, long failed, long elapsedMillis, long p50Micros, long p90Micros,
                         long p99Micros, long maxMicros) {

    public double requestsPerSecond() {
        return elapsedMillis == 0 ? 0 : ok * 1000.0 / elapsedMillis;
    }

    String row() {
        return String.format(Locale.ROOT, "%-8s %8d %7d %10.0f %9d %9d %9d %9d", target, ok, failed,
                requestsPerSecond(), p50Micros, p90Micros, p99Micros, maxMicros);
    }

    static String header() {
        return String.format(Locale.ROOT, "%-8s %8s %7s %10s %9s %9s %9s %9s", "target", "ok", "failed", "req/s",
                "p50 µs", "p90 µs", "p99 µs", "max µs");
    }
}
