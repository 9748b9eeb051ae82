package io.iron.perf.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent by the whole process and by a few named platform threads since {@link #start}, per operation. CPU
 * time, unlike throughput, hardly moves when another process shares the cores, so it tells where a pair's cost goes.
 */
final class CpuMeter {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final String[] names;
    private final long processStartNanos;
    private final Map<String, Long> threadStartNanos = new LinkedHashMap<>();

    private CpuMeter(String[] names) {
        this.names = names;
        this.processStartNanos = os.getProcessCpuTime();
        for (String name : names) {
            threadStartNanos.put(name, threadCpu(name));
        }
    }

    static CpuMeter start(String... threadNames) {
        return new CpuMeter(threadNames);
    }

    /** The whole process's CPU time per operation since start, in µs. */
    double totalMicrosPerOperation(long operations) {
        return (os.getProcessCpuTime() - processStartNanos) / 1_000.0 / Math.max(1, operations);
    }

    /** "total 12.3 µs, iron-journal-writer 4.1 µs, ..." per operation since start. */
    String perOperation(long operations) {
        long ops = Math.max(1, operations);
        StringBuilder out = new StringBuilder(String.format("total %.1f us", totalMicrosPerOperation(ops)));
        for (String name : names) {
            long now = threadCpu(name);
            if (now >= 0) {
                out.append(String.format(", %s %.1f us", name, (now - threadStartNanos.get(name)) / 1_000.0 / ops));
            }
        }
        return out.append(" (").append(ops).append(" operations)").toString();
    }

    private long threadCpu(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return threads.getThreadCpuTime(t.threadId());
            }
        }
        return -1;
    }
}
