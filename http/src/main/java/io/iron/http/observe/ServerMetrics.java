package io.iron.http.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics (scraped at {@code GET /metrics}). Money counters are in µ$ like everything else.
 * The proxy records its reservations, settlements and blocks through the same object
 * ({@link #reservation}, {@link #settlement}, {@link #blocked}), so one scrape shows the whole gateway.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    /** The Micrometer registry, for meters of other modules. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    /** A handshake or refresh granted {@code micros}. */
    public void grant(String kind, long micros) {
        counter("iron.grants", "Leases granted (handshake, refresh)", "kind", kind).increment();
        counter("iron.granted.microdollars", "Microdollars granted into leases", "kind", kind)
                .increment(micros);
    }

    /** A handshake, refresh or proxy request refused for lack of budget ({@code reason}: e.g. budget_exceeded). */
    public void blocked(String reason) {
        counter("iron.blocks", "Requests refused for lack of budget", "reason", reason).increment();
    }

    /** A report charged to a lease ({@code outcome}: charged, replayed, refused). */
    public void report(String outcome, long micros) {
        counter("iron.reports", "Usage reports", "outcome", outcome).increment();
        if (micros > 0) {
            counter("iron.reported.microdollars", "Microdollars charged by reports", "outcome", outcome)
                    .increment(micros);
        }
    }

    /** A lease returned, reclaimed or lapsed; {@code micros} went back to the agent's account. */
    public void leaseClosed(String how, long micros) {
        counter("iron.leases.closed", "Leases closed", "how", how).increment();
        counter("iron.returned.microdollars", "Microdollars given back to accounts", "how", how)
                .increment(micros);
    }

    /** The sweeper had an agent lapse its leases past their TTL (D13). */
    public void lapseSweep() {
        counter("iron.lapse.sweeps", "Agents told by the sweeper to close leases past their TTL").increment();
    }

    /** A proxy reservation ({@code outcome}: reserved, exhausted, insufficient, unusable). */
    public void reservation(String outcome, long micros) {
        counter("iron.reservations", "Reservations made by the proxy", "outcome", outcome).increment();
        if (micros > 0) {
            counter("iron.reserved.microdollars", "Microdollars reserved", "outcome", outcome).increment(micros);
        }
    }

    /** A proxy settlement of {@code chargedMicros} ({@code overrunMicros} above what the lease could bear). */
    public void settlement(long chargedMicros, long overrunMicros) {
        counter("iron.settlements", "Settlements", "kind", "settled").increment();
        counter("iron.settled.microdollars", "Microdollars settled", "kind", "charged").increment(chargedMicros);
        if (overrunMicros > 0) {
            counter("iron.settled.microdollars", "Microdollars settled", "kind", "overrun")
                    .increment(overrunMicros);
        }
    }

    /** One HTTP answer: counted by route group and status class, timed per route group. */
    public void response(String route, int status, Duration took) {
        String statusClass = (status / 100) + "xx";
        counter("iron.http.responses", "HTTP responses by route group and status class",
                "route", route, "class", statusClass).increment();
        timer(route).record(took);
    }

    private Counter counter(String name, String help, String... tags) {
        String key = name + "|" + String.join("|", tags);
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(help).tags(tags)
                .register(registry));
    }

    private Timer timer(String route) {
        return timers.computeIfAbsent(route, r -> Timer.builder("iron.http.request")
                .description("HTTP request latency by route group")
                .tag("route", r)
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .register(registry));
    }

    /** Registers a gauge reading {@code value} (e.g. live actors). */
    public void gauge(String name, String help, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(help).register(registry);
    }
}
