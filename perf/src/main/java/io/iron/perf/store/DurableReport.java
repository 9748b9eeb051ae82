package io.iron.perf.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DurablePairBench} (group commit and the per-operation baseline, same run, same machine) and prints the
 * table the issue asks for: pairs/s of each, their ratio, p50/p99 latency of one pair, and whether the targets
 * (100,000 durable pairs/s; 20x the baseline) are met.
 * <p>Usage: {@code java -cp perf/target/benchmarks.jar io.iron.perf.store.DurableReport [full|normal] [agents]
 * [inFlight] [--quick]}. Default: full (fsync at every commit, Iron's default), 1000 agents, 512 callers in flight.
 */
public final class DurableReport {

    private DurableReport() {
    }

    public static void main(String[] args) throws Exception {
        String sync = args.length > 0 ? args[0] : "full";
        String agents = args.length > 1 ? args[1] : "1000";
        String inFlight = args.length > 2 ? args[2] : "512";
        boolean quick = args.length > 3 && args[3].equals("--quick");
        Path latencyDir = Files.createTempDirectory("iron-durable-latency-");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(DurablePairBench.class.getName() + ".")
                .param("sync", sync).param("agents", agents).param("inFlight", inFlight)
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "-Xmx2g", "-Diron.perf.latencyDir=" + latencyDir);
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(3)).measurementIterations(2)
                    .measurementTime(TimeValue.seconds(4));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        double group = score(results, "groupCommit");
        double baseline = score(results, "perOperationBaseline");
        String suffix = "-" + sync + "-" + agents + "-" + inFlight + ".latency";
        String[] groupLatency = latency(latencyDir.resolve("groupCommit" + suffix));
        String[] baseLatency = latency(latencyDir.resolve("perOperationBaseline" + suffix));
        Path cpuFile = latencyDir.resolve("groupCommit.cpu");
        List<String> cpu = Files.exists(cpuFile) ? Files.readAllLines(cpuFile) : List.of();
        try (var files = Files.list(latencyDir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(latencyDir);
        double ratio = group / baseline;
        String cores = Runtime.getRuntime().availableProcessors() + " cores";
        System.out.println();
        System.out.println("Durable reserve->settle pairs on SQLite (synchronous=" + sync.toUpperCase(Locale.ROOT) + ", "
                + agents + " agents, " + inFlight + " callers in flight, " + cores + ", one run)");
        System.out.printf("%-44s %14s %10s %10s %10s%n", "", "pairs/s", "p50 us", "p99 us", "p99.9 us");
        System.out.printf("%-44s %,14.0f %10s %10s %10s%n", "group commit (actors + journal writer)", group,
                groupLatency[1], groupLatency[2], groupLatency[3]);
        System.out.printf("%-44s %,14.0f %10s %10s %10s%n", "baseline: one transaction per operation", baseline,
                baseLatency[1], baseLatency[2], baseLatency[3]);
        System.out.printf("%-44s %13.1fx%n", "ratio", ratio);
        if (cpu.size() == 2) {
            System.out.println("group commit CPU per pair (whole process, and its journal threads): " + cpu.get(1));
            double cap = Runtime.getRuntime().availableProcessors() * 1_000_000.0 / Double.parseDouble(cpu.get(0));
            System.out.printf("  so even with every core busy on pairs alone, %s cap group commit near %,.0f pairs/s%n",
                    cores, cap);
        }
        System.out.println(">= 100,000 pairs/s: " + (group >= 100_000 ? "MET" : "NOT MET"));
        System.out.println(">= 20x baseline:    " + (ratio >= 20 ? "MET" : "NOT MET"));
    }

    private static double score(Collection<RunResult> results, String method) {
        return results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + method))
                .mapToDouble(r -> r.getPrimaryResult().getScore()).findFirst().orElse(Double.NaN);
    }

    /** {count, p50, p99, p99.9, max} in µs, or dashes when the fork wrote nothing. */
    private static String[] latency(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file).strip().split(" ") : new String[] {"0", "-", "-", "-", "-"};
    }
}
