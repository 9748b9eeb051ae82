package io.iron.perf.engine;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link PairBench} (throughput and latency) and {@link PipelinedPairBench} in one go and prints one table:
 * pairs/s of the actors next to the two baselines measured in the same run, their ratios, latency percentiles, and
 * whether the 1,000-agent target is met. {@code --quick} is a smoke run: 1,000 agents only, one short iteration each.
 * <pre>java -cp perf/target/benchmarks.jar io.iron.perf.engine.PairReport [--quick] [--verbose]</pre>
 */
public final class PairReport {
    static final long TARGET_PAIRS_PER_SECOND = 1_000_000;
    static final int[] AGENTS = {1, 16, 1000};
    static final int[] THREADS = {2, 8, 64};
    static final String[] IMPLS = {"actor", "synchronized", "cas"};

    private PairReport() {
    }

    /** Scores per (benchmark class, mode, agents, threads, impl); latency as p50 and p99 in µs. */
    private record Key(String bench, Mode mode, int agents, int threads, String impl) { }

    private record Score(double value, double p50, double p99) { }

    public static void main(String[] args) throws RunnerException {
        boolean quick = List.of(args).contains("--quick");
        boolean verbose = List.of(args).contains("--verbose");
        for (String a : args) {
            if (!a.equals("--quick") && !a.equals("--verbose")) {
                System.err.println("unknown argument '" + a + "'; usage: PairReport [--quick] [--verbose]");
                System.exit(2);
            }
        }
        Map<Key, Score> scores = new HashMap<>();
        String shape = quick ? "smoke run: 1,000 agents only, 1 fork, warmup 1 × 0.5 s, measurement 1 × 1 s"
                : "1 fork, warmup 2 × 1 s, measurement 3 × 2 s";
        System.out.println("Running reserve→settle pair benchmarks (" + shape + ") on "
                + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + Runtime.version() + ".");
        double loadBefore = loadAverage();
        run(scores, "PairBench", Mode.Throughput, TimeUnit.SECONDS, quick, verbose);
        run(scores, "PairBench", Mode.SampleTime, TimeUnit.MICROSECONDS, quick, verbose);
        run(scores, "PipelinedPairBench", Mode.Throughput, TimeUnit.SECONDS, quick, verbose);
        System.out.println();
        System.out.print(table(scores, shape));
        System.out.printf(Locale.ROOT, "1-minute load average before / after the run: %.1f / %.1f (on %d CPUs;"
                + " other work on the machine steals from every figure above)%n", loadBefore, loadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void run(Map<Key, Score> scores, String bench, Mode mode, TimeUnit unit, boolean quick,
                            boolean verbose) throws RunnerException {
        System.out.printf(Locale.ROOT, "  %s %s ... (load average %.1f)%n", bench, mode, loadAverage());
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(PairReport.class.getPackageName().replace(".", "\\.") + "\\." + bench + "\\.")
                .mode(mode)
                .timeUnit(unit)
                .forks(1)
                .shouldFailOnError(true)
                .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
        if (quick) {
            o.param("agents", "1000");
            o.warmupIterations(1).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(1).measurementTime(TimeValue.seconds(1));
        } else {
            o.warmupIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(2));
        }
        Collection<RunResult> results = new Runner(o.build()).run();
        for (RunResult r : results) {
            var p = r.getParams();
            var stats = r.getPrimaryResult().getStatistics();
            boolean sampled = mode == Mode.SampleTime;
            scores.put(new Key(bench, mode, Integer.parseInt(p.getParam("agents")), p.getThreads(),
                            p.getParam("impl")),
                    new Score(r.getPrimaryResult().getScore(), sampled ? stats.getPercentile(50) : Double.NaN,
                            sampled ? stats.getPercentile(99) : Double.NaN));
        }
    }

    static String table(Map<Key, Score> s, String shape) {
        StringBuilder out = new StringBuilder();
        out.append("Reserve→settle pairs per second (" + shape + "). Shared 2-core machine: numbers are noisy.\n");
        out.append("DIRECT: one JMH op = one pair; the caller (a platform thread) waits for each answer.\n");
        out.append(String.format(Locale.ROOT, "%-18s %12s %12s %12s %9s %9s   %-24s %-24s%n", "agents × threads",
                "actor", "synchronized", "cas", "act/sync", "act/cas", "p50 µs act|sync|cas", "p99 µs act|sync|cas"));
        for (int agents : AGENTS) {
            for (int threads : THREADS) {
                double[] pairs = new double[IMPLS.length];
                StringBuilder p50 = new StringBuilder();
                StringBuilder p99 = new StringBuilder();
                for (int i = 0; i < IMPLS.length; i++) {
                    Score t = s.get(new Key("PairBench", Mode.Throughput, agents, threads, IMPLS[i]));
                    Score l = s.get(new Key("PairBench", Mode.SampleTime, agents, threads, IMPLS[i]));
                    pairs[i] = t == null ? Double.NaN : t.value();
                    p50.append(i > 0 ? "|" : "").append(l == null ? "-" : micros(l.p50()));
                    p99.append(i > 0 ? "|" : "").append(l == null ? "-" : micros(l.p99()));
                }
                if (Double.isNaN(pairs[0]) && Double.isNaN(pairs[1]) && Double.isNaN(pairs[2])) {
                    continue; // not run (quick mode)
                }
                out.append(String.format(Locale.ROOT, "%-18s %12s %12s %12s %9s %9s   %-24s %-24s%n",
                        agents + " × " + threads, count(pairs[0]), count(pairs[1]), count(pairs[2]),
                        ratio(pairs[0], pairs[1]), ratio(pairs[0], pairs[2]), p50, p99));
            }
        }
        out.append("\nPIPELINED actor: one JMH op = " + PipelinedPairBench.PAIRS_PER_OP + " pairs in flight at once"
                + " (send futures; the settle is sent when its reserve completes);\n"
                + "pairs/s = " + PipelinedPairBench.PAIRS_PER_OP + " × ops/s; ratios against the DIRECT baselines"
                + " above (same agents × threads).\n");
        out.append(String.format(Locale.ROOT, "%-18s %12s %12s %9s %9s%n", "agents × threads", "ops/s", "pairs/s",
                "/sync", "/cas"));
        for (int agents : AGENTS) {
            for (int threads : THREADS) {
                Score t = s.get(new Key("PipelinedPairBench", Mode.Throughput, agents, threads, "actor"));
                if (t == null) {
                    continue;
                }
                double ops = t.value();
                double pairs = ops * PipelinedPairBench.PAIRS_PER_OP;
                out.append(String.format(Locale.ROOT, "%-18s %12s %12s %9s %9s%n", agents + " × " + threads,
                        count(ops), count(pairs), ratio(pairs, direct(s, agents, threads, "synchronized")),
                        ratio(pairs, direct(s, agents, threads, "cas"))));
            }
        }
        out.append('\n').append(target("DIRECT", s, "PairBench", 1));
        out.append(target("PIPELINED", s, "PipelinedPairBench", PipelinedPairBench.PAIRS_PER_OP));
        return out.toString();
    }

    private static double direct(Map<Key, Score> s, int agents, int threads, String impl) {
        Score t = s.get(new Key("PairBench", Mode.Throughput, agents, threads, impl));
        return t == null ? Double.NaN : t.value();
    }

    /**
     * The verdict over 1,000 agents, with the figure at every thread count: MET only if every one reaches the target,
     * so one lucky configuration on a noisy machine does not pass for the whole.
     */
    private static String target(String label, Map<Key, Score> s, String bench, int pairsPerOp) {
        int measured = 0;
        int met = 0;
        StringBuilder figures = new StringBuilder();
        for (int threads : THREADS) {
            Score t = s.get(new Key(bench, Mode.Throughput, 1000, threads, "actor"));
            if (t == null) {
                continue;
            }
            double pairs = t.value() * pairsPerOp;
            measured++;
            met += pairs >= TARGET_PAIRS_PER_SECOND ? 1 : 0;
            figures.append(figures.isEmpty() ? "" : ", ").append(count(pairs)).append(" at ").append(threads)
                    .append(" threads");
        }
        String verdict = measured == 0 ? "NOT MEASURED" : met == measured ? "MET" : met == 0 ? "NOT MET"
                : "MET at " + met + " of " + measured + " thread counts";
        return String.format(Locale.ROOT, "target ≥ 1,000,000 pairs/s over 1,000 agents, %-9s actor: %s (%s)%n",
                label, verdict, figures);
    }

    private static String count(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "-" : String.format(Locale.ROOT, "%.3f", a / b);
    }

    private static String micros(double v) {
        return Double.isNaN(v) ? "-" : v < 10 ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.0f", v);
    }
}
