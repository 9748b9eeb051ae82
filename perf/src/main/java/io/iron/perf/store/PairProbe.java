package io.iron.perf.store;

import java.lang.management.ManagementFactory;

/**
 * A quick look without JMH: runs group-commit pairs for a few seconds and prints pairs/s and the process CPU time
 * per pair (which, unlike pairs/s, hardly depends on what else the machine is doing).
 * Arguments: seconds agents inFlight full|normal.
 */
public final class PairProbe {

    private PairProbe() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        DurablePairBench.Knobs knobs = new DurablePairBench.Knobs();
        knobs.agents = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        knobs.inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        knobs.sync = args.length > 3 ? args[3] : "full";
        DurablePairBench.GroupCommit gc = new DurablePairBench.GroupCommit();
        gc.setUp(knobs);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        knobs.run(DurablePairBench.GROUP_PAIRS, gc::pair); // warm-up
        long pairs = 0;
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long records0 = gc.journal.records();
        long batches0 = gc.journal.batches();
        while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
            knobs.run(8_192, gc::pair);
            pairs += 8_192;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpuMicros = (os.getProcessCpuTime() - cpu0) / 1e3;
        System.out.printf("pairs/s %.0f  cpu/pair %.1f us  cpu cores used %.2f  records/commit %d%n", pairs / wall,
                cpuMicros / pairs, cpuMicros / 1e6 / wall,
                (gc.journal.records() - records0) / Math.max(1, gc.journal.batches() - batches0));
        gc.tearDown();
        System.exit(0);
    }
}
