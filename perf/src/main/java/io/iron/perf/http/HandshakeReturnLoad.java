package io.iron.perf.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.iron.engine.config.Secrets;
import io.iron.engine.store.db.Database;
import io.iron.engine.store.db.DatabaseSettings;
import io.iron.engine.bank.InMemoryBank;
import io.iron.engine.journal.InMemoryJournal;
import io.iron.engine.journal.InMemoryLedgerStore;
import io.iron.http.InMemoryBudgetBook;
import io.iron.http.IronServer;
import io.iron.http.JsonCodec;
import io.iron.http.ServerStack;
import io.iron.http.admin.AgentAdmin;
import io.iron.http.admin.Views;

import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The control server under load: many agents, each cycle a REST handshake (a lease granted out of the agent's
 * account, through its actor, journaled) followed by the return of the whole lease. Runs a real server on loopback
 * over the durable stack (SQLite, synchronous FULL, group commit) and real HTTP clients in the same JVM, so on a
 * small machine client and server share the cores: read the numbers as a floor.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -Dagents=200 -Dclients=32 -Dseconds=20 \
 *      -cp perf/target/benchmarks.jar io.iron.perf.http.HandshakeReturnLoad
 * </pre>
 * {@code -Dsync=normal} runs SQLite with synchronous=NORMAL (to see what the fsyncs cost);
 * {@code -Dpg=postgresql://postgres@127.0.0.1:5432/test} runs on PostgreSQL in a throw-away schema.
 * At the end every account must be back to its full allocation (each lease was returned unspent): the run fails
 * loudly otherwise.
 */
public final class HandshakeReturnLoad {
    private static final String ADMIN = "perf-admin-token-0123456789";

    private HandshakeReturnLoad() {
    }

    public static void main(String[] args) throws Exception {
        LoadSettings settings = LoadSettings.fromSystemProperties();
        Path dir = Files.createTempDirectory("iron-http-load-");
        String schema = "iron_perf_" + Long.toHexString(System.nanoTime());
        String url = settings.pg().isBlank() ? "sqlite://" + dir.resolve("iron.db") + "?mode=rwc"
                : PgSchema.create(settings.pg(), schema);
        try (Database db = Database.open(url, DatabaseSettings.defaults()
                .withSqliteSynchronousFull(settings.sqliteSynchronousFull()))) {
            IronServer.Builder builder;
            if (settings.inMemoryMoney()) {
                InMemoryBank bank = new InMemoryBank();
                builder = IronServer.builder().database(db).bank(bank).budgetBook(new InMemoryBudgetBook(bank))
                        .journal(InMemoryJournal.discarding()).ledgerStore(new InMemoryLedgerStore());
            } else {
                builder = ServerStack.over(db, System::currentTimeMillis).configure(IronServer.builder());
            }
            IronServer server = builder
                    .host("127.0.0.1").port(0)
                    .secrets(Secrets.fromEnv(Map.of(), true))
                    .adminToken(ADMIN)
                    .sweepInterval(Duration.ZERO)
                    .build().start();
            try {
                System.out.println(run(server, settings, db));
            } finally {
                server.close();
            }
        } finally {
            if (!settings.pg().isBlank()) {
                PgSchema.drop(settings.pg(), schema);
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String run(IronServer server, LoadSettings s, Database db) throws Exception {
        server.admin().keys().add("openai", "sk-perf-0000000000", null, "perf");
        long budgetMicros = s.grantMicros() * 1_000_000L;
        List<Views.CreatedAgent> agents = new ArrayList<>();
        for (int i = 0; i < s.agents(); i++) {
            agents.add(server.admin().agents().create(new AgentAdmin.NewAgent(null, "load-" + i, budgetMicros,
                    "openai", null)));
        }
        String base = "http://127.0.0.1:" + server.port();
        WebClient http = WebClient.builder().baseUri(base).shareConnectionCache(true).build();

        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Worker>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < s.clients(); c++) {
                Worker w = new Worker(http, agents, c, s.clients(), s.grantMicros(), measuring, running);
                futures.add(pool.submit(() -> {
                    go.await();
                    w.loop();
                    return w;
                }));
            }
            go.countDown();
            Thread.sleep(s.warmup().toMillis());
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(s.measure().toMillis());
            measuring.set(false);
            long elapsedNanos = System.nanoTime() - start;
            running.set(false);

            Latencies cycle = new Latencies();
            Latencies handshake = new Latencies();
            Latencies giveBack = new Latencies();
            long errors = 0;
            for (Future<Worker> f : futures) {
                Worker w = f.get();
                cycle.addAll(w.cycle);
                handshake.addAll(w.handshake);
                giveBack.addAll(w.giveBack);
                errors += w.errors;
            }
            cycle.sort();
            handshake.sort();
            giveBack.sort();
            checkEveryAccountIsWhole(server, agents, budgetMicros);
            double seconds = elapsedNanos / 1e9;
            return String.format(
                    "HTTP load: handshake→return cycles over %d agents, %d clients, %.0f s measured after %d s warm-up"
                            + " (%s%s, %d cores)%n"
                            + "  cycles/s %.0f  (%d cycles, %d errors)%n"
                            + "  cycle     p50 %.2f ms  p99 %.2f ms  max %.2f ms%n"
                            + "  handshake p50 %.2f ms  p99 %.2f ms%n"
                            + "  return    p50 %.2f ms  p99 %.2f ms%n"
                            + "  every account back to its allocation: yes",
                    s.agents(), s.clients(), seconds, s.warmup().toSeconds(), db.dialect(),
                    s.inMemoryMoney() ? ", money in memory" : s.pg().isBlank()
                            ? (s.sqliteSynchronousFull() ? " synchronous=FULL" : " synchronous=NORMAL") : "",
                    Runtime.getRuntime().availableProcessors(), cycle.count() / seconds, cycle.count(), errors,
                    cycle.percentileMillis(50), cycle.percentileMillis(99), cycle.percentileMillis(100),
                    handshake.percentileMillis(50), handshake.percentileMillis(99),
                    giveBack.percentileMillis(50), giveBack.percentileMillis(99));
        }
    }

    private static void checkEveryAccountIsWhole(IronServer server, List<Views.CreatedAgent> agents, long budget) {
        for (Views.CreatedAgent a : agents) {
            Views.Budget b = server.admin().agents().show(a.agent().id()).budget();
            if (b.budgetRemaining() != budget || b.totalSpent() != 0) {
                throw new IllegalStateException("agent " + a.agent().id() + " is not whole after the run: " + b);
            }
        }
    }

    /** One client: handshake then return, agent after agent, until told to stop. */
    private static final class Worker {
        private final WebClient http;
        private final List<Views.CreatedAgent> agents;
        private final int stride;
        private final long grantMicros;
        private final AtomicBoolean measuring;
        private final AtomicBoolean running;
        private int next;
        final Latencies cycle = new Latencies();
        final Latencies handshake = new Latencies();
        final Latencies giveBack = new Latencies();
        long errors;

        Worker(WebClient http, List<Views.CreatedAgent> agents, int first, int stride, long grantMicros,
               AtomicBoolean measuring, AtomicBoolean running) {
            this.http = http;
            this.agents = agents;
            this.next = first;
            this.stride = stride;
            this.grantMicros = grantMicros;
            this.measuring = measuring;
            this.running = running;
        }

        void loop() {
            while (running.get()) {
                Views.CreatedAgent agent = agents.get(next % agents.size());
                next += stride;
                boolean measured = measuring.get();
                long t0 = System.nanoTime();
                try {
                    JsonNode granted = post("/api/v1/budget/handshake", "{\"ic_token\":\"" + agent.icToken()
                            + "\",\"provider\":\"openai\",\"requested_budget\":" + grantMicros + "}");
                    long t1 = System.nanoTime();
                    post("/api/v1/budget/return", "{\"lease_id\":\"" + granted.path("lease_id").asText()
                            + "\",\"spent_microdollars\":0}");
                    long t2 = System.nanoTime();
                    if (measured && measuring.get()) {
                        handshake.add(t1 - t0);
                        giveBack.add(t2 - t1);
                        cycle.add(t2 - t0);
                    }
                } catch (RuntimeException e) {
                    errors++;
                }
            }
        }

        private JsonNode post(String path, String body) {
            try (HttpClientResponse res = http.post(path).header(HeaderValues.CONTENT_TYPE_JSON)
                    .submit(body.getBytes(StandardCharsets.UTF_8))) {
                String text = res.as(String.class);
                if (res.status().code() != 200) {
                    throw new IllegalStateException(path + " answered " + res.status().code() + " " + text);
                }
                return JsonCodec.readTree(text);
            }
        }
    }
}
