package io.iron.engine.store;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import io.iron.engine.store.db.Database;
import io.iron.engine.store.db.DatabaseSettings;
import io.iron.engine.store.db.Dialect;
import io.iron.engine.store.journal.DbLedgerStore;
import io.iron.engine.store.journal.RecoverySummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * D14 under real crashes: a child JVM ({@link CrashLoad}) runs many agents under concurrent load on a SQLite file and
 * prints every settlement it acknowledged; it is killed with SIGKILL ({@code destroyForcibly}) at random moments,
 * sometimes before it finished starting, and restarted, again and again. After each kill this test recovers the
 * database as the next start would and checks on the rows: every acknowledged settlement is there with its amount,
 * every reservation was settled, released or counted at full amount exactly once, no lease was granted twice,
 * every lease and account is consistent, and nothing is spent beyond what was allocated. Rounds alternate between
 * SQLite's synchronous FULL and NORMAL: both must survive a killed process.
 */
class CrashRecoveryTest {

    private static final int KILLS = 10;
    private static final int AGENTS = 8;
    private static final long ALLOCATED_MICROS = 40_000_000;

    record Ack(long agent, String lease, String reservation, long charged) { }

    @Test
    @Timeout(180)
    void acknowledgedSettlementsSurviveKillNineAndNothingIsCountedTwice() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Ack> acked = new ArrayList<>();
        int checks = 0;
        int killedBeforeReady = 0;
        long countedAtRecovery = 0;
        long lateCredits = 0;
        long unappliedAtKill = 0;
        try (StoreFixture fx = StoreFixture.create(Dialect.SQLITE)) {
            String agents = LongStream.range(0, AGENTS).mapToObj(i -> Long.toString(fx.agent(ALLOCATED_MICROS)))
                    .collect(Collectors.joining(","));
            String url = fx.url();
            Path dir = Path.of(url.substring("sqlite://".length(), url.indexOf('?'))).getParent();
            fx.db().close(); // the child owns the file while it runs
            for (int round = 1; round <= KILLS; round++) {
                boolean full = round % 2 == 0;
                boolean early = round % 5 == 3; // now and then, kill it while it is still starting or recovering
                // Most rounds let every batch leave its effects on budget_spent and the open reservations for later,
                // as a saturated writer does, so kills land between a batch and those effects.
                boolean defer = round % 3 != 0;
                Run run = Run.start(dir, url, agents, seed + round, full, defer);
                if (early) {
                    Thread.sleep(100 + random.nextInt(700));
                } else {
                    assertTrue(run.awaitReady(60_000), "the child did not start (its stderr is discarded; run"
                            + " CrashLoad by hand to see why)");
                    Thread.sleep(100 + random.nextInt(700));
                }
                killedBeforeReady += run.isReady() ? 0 : 1;
                run.kill();
                assertTrue(run.errors.isEmpty(), () -> "the child reported errors: " + run.errors);
                acked.addAll(run.acks);

                try (Database db = Database.open(url, DatabaseSettings.defaults())) {
                    // Batches whose effects on budget_spent and the open reservations the kill cut off (V4).
                    try (Connection c = db.reader().getConnection(); PreparedStatement s = c.prepareStatement(
                            "SELECT count(*) FROM iron_journal_unapplied"); ResultSet rs = s.executeQuery()) {
                        rs.next();
                        unappliedAtKill += rs.getLong(1);
                    }
                    RecoverySummary recovered = new DbLedgerStore(db).recoverAll(); // what the next start does first
                    countedAtRecovery += recovered.reservations();
                    lateCredits += recovered.lateCredits();
                }
                try (Connection c = StoreFixture.outsideConnection(url)) {
                    checks += everyAckIsDurable(c, acked);
                    checks += StoreChecks.verify(c, true);
                    checks += nothingOverAllocated(c);
                }
            }
        }
        System.out.println("CrashRecoveryTest: kills=" + KILLS + " acked=" + acked.size() + " checks=" + checks
                + " (killed before ready: " + killedBeforeReady + "; recoveries counted " + countedAtRecovery
                + " in-flight reservations at full amount, applied " + unappliedAtKill + " journal batches whose"
                + " effects the kill cut off and completed " + lateCredits + " cut-off credits; seed "
                + seed + ")");
        assertTrue(acked.size() >= 100, "too little load to prove anything: " + acked.size() + " settlements acknowledged");
    }

    /** Each acknowledged (lease, reservation) has exactly one 'settle' record, with the charged amount. */
    private static int everyAckIsDurable(Connection c, List<Ack> acked) throws Exception {
        Map<String, List<Long>> settles = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT lease_id, reservation_id, amount_micros FROM iron_journal"
                + " WHERE kind = 'settle'"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                settles.computeIfAbsent(rs.getString(1) + "/" + rs.getString(2), k -> new ArrayList<>()).add(rs.getLong(3));
            }
        }
        List<String> missing = new ArrayList<>();
        for (Ack a : acked) {
            List<Long> found = settles.get(a.lease() + "/" + a.reservation());
            if (found == null || found.size() != 1 || found.getFirst() != a.charged()) {
                missing.add(a + " -> " + found);
            }
        }
        if (!missing.isEmpty()) {
            fail(missing.size() + " acknowledged settlements lost or changed: " + missing.subList(0, Math.min(10, missing.size())));
        }
        return acked.size();
    }

    private static int nothingOverAllocated(Connection c) throws Exception {
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(budget_spent), 0),"
                + " (SELECT SUM(total_allocated) FROM agent_budgets) FROM budget_leases"); ResultSet rs = s.executeQuery()) {
            rs.next();
            long spent = rs.getLong(1);
            long allocated = rs.getLong(2);
            assertTrue(spent <= allocated, "spent " + spent + " > allocated " + allocated);
            assertEquals(AGENTS * ALLOCATED_MICROS, allocated);
            return 2;
        }
    }

    /**
     * One child process. Its standard output goes to a file, read after the kill: a pipe read by a thread races with
     * the JDK closing the pipe when the process dies, and the file holds exactly what the child wrote before it.
     */
    private static final class Run {
        final Process process;
        final Path output;
        final List<Ack> acks = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        private Run(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        static Run start(Path dir, String url, String agents, long seed, boolean full, boolean defer) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path output = Files.createTempFile(dir, "crashload-", ".out");
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                    CrashLoad.class.getName(), url, agents, Long.toString(seed), full ? "full" : "normal",
                    defer ? "defer" : "eager");
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectOutput(output.toFile());
            return new Run(pb.start(), output);
        }

        /** Waits until the child printed READY (true), or died or ran out of time (false). */
        boolean awaitReady(long timeoutMillis) throws Exception {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (isReady()) {
                    return true;
                }
                Thread.sleep(20);
            }
            return isReady();
        }

        boolean isReady() throws Exception {
            return Files.readString(output, StandardCharsets.UTF_8).contains("\nREADY\n");
        }

        void kill() throws Exception {
            process.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
            process.waitFor();
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f[0].equals("ACK") && f.length == 6 && f[5].equals(";")) {
                    acks.add(new Ack(Long.parseLong(f[1]), f[2], f[3], Long.parseLong(f[4])));
                } else if (f[0].equals("ERR")) {
                    errors.add(line);
                }
                // Anything else is RECOVERED, READY, or the last line, cut by the kill: never acknowledged.
            }
            Files.delete(output);
        }
    }
}
