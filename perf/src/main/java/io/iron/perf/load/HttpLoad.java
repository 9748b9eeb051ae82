package io.iron.perf.load;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientUri;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A small HTTP load generator on virtual threads: closed loop at a fixed concurrency, or open loop at a fixed rate
 * (latency measured from each request's intended start, so a stalled server is not hidden by coordinated omission).
 * Bounded in time and in count, loopback only.
 */
public final class HttpLoad {

    /** One request shape, sent again and again; request i takes {@code headerSets[i % size]} (e.g. one per agent). */
    public record Target(URI uri, List<Map<String, String>> headerSets, byte[] body) {
        public Target(URI uri, Map<String, String> headers, byte[] body) {
            this(uri, List.of(headers), body);
        }
    }

    /** What a run measured; latencies in microseconds. */
    public record Result(String label, long requests, long errors, Map<Integer, Long> statuses, double seconds,
                         Histogram latencyMicros) {

        public double requestsPerSecond() {
            return requests / seconds;
        }

        public double p50Micros() {
            return latencyMicros.getValueAtPercentile(50);
        }

        public double p99Micros() {
            return latencyMicros.getValueAtPercentile(99);
        }

        public String line() {
            return String.format(Locale.ROOT, "%-34s %9.0f req/s  p50 %7.3f ms  p99 %7.3f ms  max %8.3f ms"
                            + "  n=%d errors=%d statuses=%s", label, requestsPerSecond(), p50Micros() / 1000.0,
                    p99Micros() / 1000.0, latencyMicros.getMaxValue() / 1000.0, requests, errors, statuses);
        }
    }

    private HttpLoad() {
    }

    /** A plain HTTP/1.1 client (no protocol discovery, no system-proxy lookup per request), keep-alive. */
    private static Http1Client client(URI base) {
        if (!"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("HttpLoad sends plain HTTP/1.1 on loopback, got " + base);
        }
        return Http1Client.builder()
                .baseUri(base.getScheme() + "://" + base.getAuthority())
                .proxy(Proxy.noProxy())
                .readTimeout(Duration.ofSeconds(30))
                .connectTimeout(Duration.ofSeconds(5))
                .keepAlive(true)
                .build();
    }

    /** What {@link #send} needs of a target, resolved once per run. */
    private record Prepared(ClientUri uri, List<List<Map.Entry<HeaderName, String>>> headerSets, byte[] body) {
        static Prepared of(Target t) {
            List<List<Map.Entry<HeaderName, String>>> sets = new ArrayList<>();
            for (Map<String, String> h : t.headerSets()) {
                List<Map.Entry<HeaderName, String>> set = new ArrayList<>();
                h.forEach((k, v) -> set.add(Map.entry(HeaderNames.create(k), v)));
                sets.add(List.copyOf(set));
            }
            return new Prepared(ClientUri.create(t.uri()), List.copyOf(sets), t.body());
        }
    }

    /** Closed loop: {@code concurrency} callers, each sending its next request when the last one ended. */
    public static Result closedLoop(String label, Target target, int concurrency, Duration duration,
                                    long maxRequests) throws InterruptedException {
        Http1Client client = client(target.uri());
        Prepared prepared = Prepared.of(target);
        ConcurrentHistogram hist = new ConcurrentHistogram(3_600_000_000L, 3);
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        LongAdder errors = new LongAdder();
        AtomicLong budget = new AtomicLong(maxRequests);
        long endNanos = System.nanoTime() + duration.toNanos();
        long t0 = System.nanoTime();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < endNanos && budget.decrementAndGet() >= 0) {
                    long start = System.nanoTime();
                    send(client, prepared, statuses, errors);
                    hist.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
                }
            }));
        }
        for (Thread t : callers) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(label, hist.getTotalCount(), errors.sum(), Map.copyOf(statuses), seconds, hist);
    }

    /**
     * Open loop at {@code ratePerSecond}: request i is due at start + i/rate and its latency counts from then.
     * {@code maxInFlight} callers take the due requests.
     */
    public static Result openLoop(String label, Target target, int ratePerSecond, Duration duration, int maxInFlight)
            throws InterruptedException {
        Http1Client client = client(target.uri());
        Prepared prepared = Prepared.of(target);
        ConcurrentHistogram hist = new ConcurrentHistogram(3_600_000_000L, 3);
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        LongAdder errors = new LongAdder();
        long total = Math.max(1, (long) (ratePerSecond * (duration.toNanos() / 1e9)));
        long intervalNanos = 1_000_000_000L / ratePerSecond;
        AtomicLong next = new AtomicLong();
        long t0 = System.nanoTime();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < maxInFlight; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                long n;
                while ((n = next.getAndIncrement()) < total) {
                    long due = t0 + n * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    send(client, prepared, statuses, errors);
                    hist.recordValue(Math.max(1, (System.nanoTime() - due) / 1_000));
                }
            }));
        }
        for (Thread t : callers) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(label, hist.getTotalCount(), errors.sum(), Map.copyOf(statuses), seconds, hist);
    }

    private static final AtomicLong SENT = new AtomicLong();

    /** Sends the whole request, reads the whole answer and counts its status. */
    private static void send(Http1Client client, Prepared target, Map<Integer, Long> statuses, LongAdder errors) {
        try {
            var sets = target.headerSets();
            var headers = sets.get((int) (SENT.getAndIncrement() % sets.size()));
            var req = client.post().uri(target.uri());
            req.header(HeaderNames.CONTENT_TYPE, "application/json");
            for (Map.Entry<HeaderName, String> h : headers) {
                req.header(h.getKey(), h.getValue());
            }
            try (HttpClientResponse res = req.submit(target.body())) {
                res.inputStream().readAllBytes();
                int code = res.status().code();
                statuses.merge(code, 1L, Long::sum);
                if (code >= 500) {
                    errors.increment();
                }
            }
        } catch (Exception e) {
            errors.increment();
            statuses.merge(-1, 1L, Long::sum);
        }
    }
}
