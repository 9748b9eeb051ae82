package io.iron.perf.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-pair latencies of the measured iterations (nanoseconds), kept in a fixed array (bounded memory; pairs beyond
 * its capacity are not sampled). The forked benchmark JVM writes the percentiles to a file for {@link DurableReport}.
 */
final class LatencyRecorder {

    private final long[] samples;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean recording;

    LatencyRecorder(int capacity) {
        this.samples = new long[capacity];
    }

    void recording(boolean on) {
        recording = on;
    }

    void add(long nanos) {
        if (recording) {
            int i = next.getAndIncrement();
            if (i < samples.length) {
                samples[i] = nanos;
            }
        }
    }

    /** "count p50_us p99_us p999_us max_us". */
    String summary() {
        int n = Math.min(next.get(), samples.length);
        if (n == 0) {
            return "0 0 0 0 0";
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        return n + " " + micros(sorted, 0.50) + " " + micros(sorted, 0.99) + " " + micros(sorted, 0.999) + " "
                + micros(sorted, 1.0);
    }

    private static String micros(long[] sorted, double q) {
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return Long.toString(sorted[Math.max(0, i)] / 1_000);
    }

    /** Writes {@link #summary()} where the report asked ({@code -Diron.perf.latencyDir}), if it asked. */
    void writeFor(String name) {
        writeForReport(name + ".latency", summary());
    }

    /** Writes {@code text} to {@code fileName} in the directory the report asked for, if it asked. */
    static void writeForReport(String fileName, String text) {
        String dir = System.getProperty("iron.perf.latencyDir");
        if (dir == null) {
            return;
        }
        try {
            Files.writeString(Path.of(dir, fileName), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
