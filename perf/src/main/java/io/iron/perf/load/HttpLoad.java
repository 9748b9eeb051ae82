package io.iron.perf.load;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Bounded in time and in count, loopback only. Each caller has its own keep-alive connection ({@link WireClient}):
 * every request is sent whole and every response read whole, and its status counted.
 */
public final class HttpLoad {

    /** One request shape, sent again and again; request i takes {@code headerSets[i % size]} (e.g. one per agent). */
    public record Target(URI uri, List<Map<String, String>> headerSets, byte[] body) {
        public Target(URI uri, Map<String, String> headers, byte[] body) {
            this(uri, List.of(headers), body);
        }
    }

    /**
     * What a run measured; latencies in microseconds. {@code processCpuNanos} is the CPU time the whole process spent
     * during the run (load generator and whatever servers share the JVM): unlike throughput it hardly moves when
     * another process shares the cores.
     */
    public record Result(String label, long requests, long errors, Map<Integer, Long> statuses, double seconds,
                         Histogram latencyMicros, long processCpuNanos) {

        public double requestsPerSecond() {
            return requests / seconds;
        }

        /** The process's CPU time per request, in µs. */
        public double cpuMicrosPerRequest() {
            return processCpuNanos / 1_000.0 / Math.max(1, requests);
        }

        public double p50Micros() {
            return latencyMicros.getValueAtPercentile(50);
        }

        public double p99Micros() {
            return latencyMicros.getValueAtPercentile(99);
        }

        public String line() {
            return String.format(Locale.ROOT, "%-34s %9.0f req/s  p50 %7.3f ms  p99 %7.3f ms  max %8.3f ms"
                            + "  cpu %6.1f us/req  n=%d errors=%d statuses=%s", label, requestsPerSecond(),
                    p50Micros() / 1000.0, p99Micros() / 1000.0, latencyMicros.getMaxValue() / 1000.0,
                    cpuMicrosPerRequest(), requests, errors, statuses);
        }
    }

    private HttpLoad() {
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    /** The target's requests as bytes, one per header set (a JSON content type unless the set names one). */
    private static byte[][] requests(Target target) {
        byte[][] requests = new byte[target.headerSets().size()][];
        for (int i = 0; i < requests.length; i++) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (target.headerSets().get(i).keySet().stream().noneMatch(k -> k.equalsIgnoreCase("content-type"))) {
                headers.put("Content-Type", "application/json");
            }
            headers.putAll(target.headerSets().get(i));
            requests[i] = WireClient.post(target.uri(), headers, target.body());
        }
        return requests;
    }

    private static WireClient connection(Target target) {
        return new WireClient(target.uri(), CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS);
    }

    /** Closed loop: {@code concurrency} callers, each sending its next request when the last one ended. */
    public static Result closedLoop(String label, Target target, int concurrency, Duration duration,
                                    long maxRequests) throws InterruptedException {
        byte[][] requests = requests(target);
        ConcurrentHistogram hist = new ConcurrentHistogram(3_600_000_000L, 3);
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        LongAdder errors = new LongAdder();
        AtomicLong budget = new AtomicLong(maxRequests);
        long endNanos = System.nanoTime() + duration.toNanos();
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                try (WireClient connection = connection(target)) {
                    while (System.nanoTime() < endNanos && budget.decrementAndGet() >= 0) {
                        long start = System.nanoTime();
                        send(connection, requests, statuses, errors);
                        hist.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
                    }
                }
            }));
        }
        for (Thread t : callers) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(label, hist.getTotalCount(), errors.sum(), Map.copyOf(statuses), seconds, hist,
                OS.getProcessCpuTime() - cpu0);
    }

    /**
     * Open loop at {@code ratePerSecond}: request i is due at start + i/rate and its latency counts from then.
     * {@code maxInFlight} callers take the due requests.
     */
    public static Result openLoop(String label, Target target, int ratePerSecond, Duration duration, int maxInFlight)
            throws InterruptedException {
        byte[][] requests = requests(target);
        ConcurrentHistogram hist = new ConcurrentHistogram(3_600_000_000L, 3);
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        LongAdder errors = new LongAdder();
        long total = Math.max(1, (long) (ratePerSecond * (duration.toNanos() / 1e9)));
        long intervalNanos = 1_000_000_000L / ratePerSecond;
        AtomicLong next = new AtomicLong();
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < maxInFlight; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                try (WireClient connection = connection(target)) {
                    long n;
                    while ((n = next.getAndIncrement()) < total) {
                        long due = t0 + n * intervalNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        send(connection, requests, statuses, errors);
                        hist.recordValue(Math.max(1, (System.nanoTime() - due) / 1_000));
                    }
                }
            }));
        }
        for (Thread t : callers) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(label, hist.getTotalCount(), errors.sum(), Map.copyOf(statuses), seconds, hist,
                OS.getProcessCpuTime() - cpu0);
    }

    private static final AtomicLong SENT = new AtomicLong();

    /** Sends one whole request (the next header set) and reads the whole answer; counts its status. */
    private static void send(WireClient connection, byte[][] requests, Map<Integer, Long> statuses,
                             LongAdder errors) {
        try {
            int code = connection.exchange(requests[(int) (SENT.getAndIncrement() % requests.length)]);
            statuses.merge(code, 1L, Long::sum);
            if (code >= 500) {
                errors.increment();
            }
        } catch (Exception e) {
            errors.increment();
            statuses.merge(-1, 1L, Long::sum);
        }
    }
}
