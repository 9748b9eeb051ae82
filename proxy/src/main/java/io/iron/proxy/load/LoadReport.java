package io.iron.proxy.load;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The proxy beside a direct call, measured in the same run on the same machine (ratios, not bare numbers, are what
 * a shared 2-core machine can be trusted with), and the money check: what the agent was charged against what the
 * mock billed.
 */
public record LoadReport(LoadOptions options, LoadResult direct, LoadResult proxied, long chargedMicros,
                         long billedCostMicros) {

    /** Added latency at the median, in microseconds. */
    public long p50OverheadMicros() {
        return proxied.p50Micros() - direct.p50Micros();
    }

    public long p99OverheadMicros() {
        return proxied.p99Micros() - direct.p99Micros();
    }

    /** Proxied throughput as a share of direct throughput. */
    public double throughputRatio() {
        return direct.requestsPerSecond() == 0 ? 0 : proxied.requestsPerSecond() / direct.requestsPerSecond();
    }

    public boolean moneyAddsUp() {
        return chargedMicros == billedCostMicros;
    }

    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "Proxy load: %d clients x %d calls (%s), %d completion tokens per call%n",
                options.clients(), options.requestsPerClient(), options.stream() ? "stream" : "non-stream",
                options.completionTokens());
        out.println(LoadResult.header());
        out.println(direct.row());
        out.println(proxied.row());
        out.printf(Locale.ROOT, "overhead: p50 +%d µs, p99 +%d µs; throughput %.2f of direct%n", p50OverheadMicros(),
                p99OverheadMicros(), throughputRatio());
        out.printf(Locale.ROOT, "money: charged %d µ$, provider billed %d µ$ -> %s%n", chargedMicros,
                billedCostMicros, moneyAddsUp() ? "exact" : "MISMATCH");
    }
}
