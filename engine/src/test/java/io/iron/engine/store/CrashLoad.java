package io.iron.engine.store;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import io.iron.engine.actor.ActorOptions;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.store.bank.SqlBank;
import io.iron.engine.store.db.Database;
import io.iron.engine.store.db.DatabaseSettings;
import io.iron.engine.store.journal.DbLedgerStore;
import io.iron.engine.store.journal.GroupCommitJournal;
import io.iron.engine.store.journal.JournalOptions;
import io.iron.engine.store.journal.RecoverySummary;

/**
 * The process {@link CrashRecoveryTest} kills: a gateway's store and actors under concurrent load, forever. It
 * recovers at start, prints {@code READY}, then one line per acknowledged settlement, flushed as soon as the actor
 * answered (so after it was durable): {@code ACK <agent> <lease> <reservationId> <charged> ;}. The trailing ';' tells
 * a whole line from one cut by the kill.
 * <p>Arguments: DATABASE_URL, comma-separated agent ids, seed, {@code full|normal} (SQLite synchronous mode),
 * {@code defer|eager} (whether every batch, or only big ones, may leave its derived rows for later).
 */
public final class CrashLoad {

    private CrashLoad() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        List<Long> agents = Arrays.stream(args[1].split(",")).map(Long::parseLong).toList();
        long seed = Long.parseLong(args[2]);
        boolean full = args[3].equals("full");
        exitWhenOrphanedOrAfter(120_000);
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        Database db = Database.open(url, DatabaseSettings.defaults().withSqliteSynchronousFull(full));
        DbLedgerStore ledgers = new DbLedgerStore(db);
        RecoverySummary recovered = ledgers.recoverAll();
        JournalOptions journalOptions = args[4].equals("defer")
                ? JournalOptions.defaults().withDeferDerivedFromRecords(1) : JournalOptions.defaults();
        GroupCommitJournal journal = new GroupCommitJournal(db, journalOptions);
        // Actors never passivate here (see ActorStoreWorkloadTest on callers spinning around a retiring actor).
        ActorOptions options = ActorOptions.defaults().withIdleMillis(3_600_000).withHouseTrancheMicros(30_000);
        ActorRegistry registry = new ActorRegistry(new SqlBank(db), journal, ledgers, options);
        Workload work = new Workload(registry, agents, (agent, lease, reservation, charged) -> {
            synchronized (out) {
                out.print("ACK " + agent + " " + lease + " " + reservation + " " + charged + " ;\n");
                out.flush();
            }
        });
        synchronized (out) {
            out.print("RECOVERED " + recovered.reservations() + " " + recovered.micros() + " ;\nREADY\n");
            out.flush();
        }
        for (int t = 0; t < 48; t++) {
            SplittableRandom rnd = new SplittableRandom(seed * 1_000 + t);
            Thread.ofVirtual().start(() -> {
                while (true) {
                    try {
                        work.step(rnd);
                    } catch (Throwable e) {
                        synchronized (out) {
                            out.print("ERR " + e + "\n");
                            out.flush();
                        }
                        e.printStackTrace();
                    }
                }
            });
        }
        Thread.sleep(Long.MAX_VALUE); // until killed
    }

    /**
     * The child is killed by the test; should the test JVM itself die first, the child must not run on forever: it
     * exits when its parent is gone, and in any case after {@code maxMillis}.
     */
    private static void exitWhenOrphanedOrAfter(long maxMillis) {
        java.util.Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        long deadline = System.currentTimeMillis() + maxMillis;
        Thread watchdog = new Thread(() -> {
            while (System.currentTimeMillis() < deadline && parent.map(ProcessHandle::isAlive).orElse(true)) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(3);
        }, "crash-load-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
