package io.iron.perf.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * The disk's floor under a durable commit: the latency of {@code fdatasync} ({@code FileChannel.force(false)}) after
 * a 4 KiB write, the size of one WAL frame, paced like commits at a modest rate.
 * <pre>java -cp perf/target/benchmarks.jar io.iron.perf.store.FsyncProbe [samples 5000] [gap-micros 500] [dir]</pre>
 */
public final class FsyncProbe {

    private FsyncProbe() {
    }

    public static void main(String[] args) throws IOException {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        long gapNanos = (args.length > 1 ? Long.parseLong(args[1]) : 500) * 1_000;
        Path dir = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1, was " + samples);
        }
        Path file = Files.createTempFile(dir, "iron-fsync-probe", ".bin");
        long[] nanos = new long[samples];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocate(4096);
            for (int i = 0; i < samples; i++) {
                page.clear();
                ch.write(page, (long) (i % 256) * 4096);
                long start = System.nanoTime();
                ch.force(false);
                nanos[i] = System.nanoTime() - start;
                long until = System.nanoTime() + gapNanos;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "fdatasync after a 4 KiB write in %s, %d samples: p50 %.3f ms, p90 %.3f ms,"
                        + " p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n", dir, samples, ms(nanos, 0.5), ms(nanos, 0.9),
                ms(nanos, 0.99), ms(nanos, 0.999), nanos[samples - 1] / 1e6);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }
}
