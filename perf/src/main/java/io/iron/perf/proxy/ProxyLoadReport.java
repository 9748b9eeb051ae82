package io.iron.perf.proxy;

import io.iron.engine.config.Secrets;
import io.iron.engine.pricing.Cost;
import io.iron.engine.pricing.PriceTable;
import io.iron.engine.store.db.Database;
import io.iron.engine.store.db.DatabaseSettings;
import io.iron.http.IronServer;
import io.iron.http.ServerStack;
import io.iron.http.admin.AgentAdmin;
import io.iron.http.admin.Views;
import io.iron.http.agentproxy.ProxyMount;
import io.iron.perf.load.HttpLoad;
import io.iron.proxy.ProxyOptions;
import io.iron.proxy.mock.MockProvider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy's HTTP load suite: the same chat request sent straight to the mock provider, through a bare Helidon
 * relay ({@link BareRelay}: the same server and client stack, nothing else) and through {@code iron serve}'s proxy
 * (IC-token check, reservation through the agent's actor, forwarding, settlement journaled durably in SQLite), in one
 * run, on loopback. Closed loop at a fixed concurrency for throughput, then open loop at a fixed rate for the latency
 * each adds. The relay is the floor: the cost of one more HTTP hop on this machine, which no proxy avoids; the proxy
 * over the relay is Iron's own work. Ends with a money check: what the agents spent equals what the provider billed
 * for the proxied calls, exactly.
 * <pre>java --enable-native-access=ALL-UNNAMED -cp perf/target/benchmarks.jar io.iron.perf.proxy.ProxyLoadReport
 *   [--seconds 10] [--concurrency 64] [--rate 1000] [--agents 100] [--stream] [--sync full|normal]</pre>
 */
public final class ProxyLoadReport {
    private ProxyLoadReport() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 10;
        int concurrency = 64;
        int rate = 1000;
        int agents = 100;
        boolean stream = false;
        boolean syncFull = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--agents" -> agents = Integer.parseInt(args[++i]);
                case "--stream" -> stream = true;
                case "--sync" -> syncFull = switch (args[++i]) {
                    case "full" -> true;
                    case "normal" -> false;
                    default -> throw new IllegalArgumentException("--sync takes full or normal, got " + args[i]);
                };
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --seconds N --concurrency N --rate N --agents N --stream"
                        + " --sync full|normal)");
            }
        }
        Path dir = Files.createTempDirectory("iron-proxy-load");
        Database db = Database.open("sqlite:" + dir.resolve("iron.db"),
                DatabaseSettings.defaults().withSqliteSynchronousFull(syncFull));
        try (MockProvider mock = MockProvider.start(MockProvider.Options.defaults().withCompletionTokens(16));
             BareRelay relay = BareRelay.start("/v1/chat/completions",
                     URI.create(mock.baseUrl() + "/v1/chat/completions"), ProxyOptions.defaults());
             IronServer server = ServerStack.over(db, System::currentTimeMillis)
                     .configure(IronServer.builder().closeOnStop(db))
                     .host("127.0.0.1").port(0)
                     .secrets(Secrets.fromEnv(Map.of(), true))
                     .adminToken("perf-admin-token")
                     .extraRouting(ProxyMount.routes(PriceTable.bundled(), ProxyOptions.defaults()))
                     .build().start()) {
            server.admin().keys().add("openai", mock.options().apiKey(), mock.baseUrl(), "perf mock");
            List<Map<String, String>> agentHeaders = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                Views.CreatedAgent created = server.admin().agents().create(new AgentAdmin.NewAgent(null,
                        "perf-" + a, 1_000_000_000, "openai", null));
                agentHeaders.add(Map.of("Authorization", "Bearer " + created.icToken()));
            }
            String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":16,\"stream\":" + stream
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"Write about AI.\"}]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            HttpLoad.Target direct = new HttpLoad.Target(URI.create(mock.baseUrl() + "/v1/chat/completions"),
                    Map.of("Authorization", "Bearer " + mock.options().apiKey()), bytes);
            HttpLoad.Target relayed = new HttpLoad.Target(URI.create("http://127.0.0.1:" + relay.port()
                    + "/v1/chat/completions"), Map.of("Authorization", "Bearer " + mock.options().apiKey()), bytes);
            HttpLoad.Target proxied = new HttpLoad.Target(URI.create("http://127.0.0.1:" + server.port()
                    + "/v1/chat/completions"), agentHeaders, bytes);

            System.out.printf(Locale.ROOT, "Iron proxy load: %d agents, concurrency %d, %d s per phase, open loop at"
                            + " %d req/s, %s, SQLite journal (synchronous=%s) in %s, %d cores%n", agents, concurrency,
                    seconds, rate, stream ? "streaming" : "non-streaming", syncFull ? "FULL" : "NORMAL", dir,
                    Runtime.getRuntime().availableProcessors());
            System.out.println("warming up ...");
            HttpLoad.closedLoop("warm-up direct", direct, concurrency, Duration.ofSeconds(3), Long.MAX_VALUE);
            HttpLoad.closedLoop("warm-up relay", relayed, concurrency, Duration.ofSeconds(3), Long.MAX_VALUE);
            // The proxy has far more code for the JIT than the relay: 3 s left its compiler busy through the measured
            // closed loop (0.2 of 2 cores, seen with JFR's jdk.ThreadCPULoad), so it warms up longer.
            HttpLoad.closedLoop("warm-up proxy", proxied, concurrency, Duration.ofSeconds(10), Long.MAX_VALUE);
            Duration phase = Duration.ofSeconds(seconds);
            HttpLoad.Result d1 = HttpLoad.closedLoop("direct, closed loop", direct, concurrency, phase,
                    Long.MAX_VALUE);
            HttpLoad.Result d2 = HttpLoad.openLoop("direct, open loop " + rate + "/s", direct, rate, phase,
                    concurrency);
            HttpLoad.Result r1 = HttpLoad.closedLoop("relay, closed loop", relayed, concurrency, phase,
                    Long.MAX_VALUE);
            HttpLoad.Result r2 = HttpLoad.openLoop("relay, open loop " + rate + "/s", relayed, rate, phase,
                    concurrency);
            mock.resetCounters();
            long spentBefore = spent(server);
            HttpLoad.Result p1 = HttpLoad.closedLoop("proxy, closed loop", proxied, concurrency, phase,
                    Long.MAX_VALUE);
            HttpLoad.Result p2 = HttpLoad.openLoop("proxy, open loop " + rate + "/s", proxied, rate, phase,
                    concurrency);
            long proxiedBilled = mock.billedRequests();

            for (HttpLoad.Result r : List.of(d1, r1, p1, d2, r2, p2)) {
                System.out.println(r.line());
            }
            double ratio = p1.requestsPerSecond() / d1.requestsPerSecond();
            double addedP50 = (p2.p50Micros() - d2.p50Micros()) / 1000.0;
            double addedP99 = (p2.p99Micros() - d2.p99Micros()) / 1000.0;
            System.out.printf(Locale.ROOT, "throughput through the proxy: %.0f req/s = %.2f x direct%n",
                    p1.requestsPerSecond(), ratio);
            System.out.printf(Locale.ROOT, "added latency at %d req/s: p50 %+.3f ms, p99 %+.3f ms%n", rate, addedP50,
                    addedP99);
            System.out.printf(Locale.ROOT, "floor, a bare Helidon relay: %.0f req/s = %.2f x direct; added at %d req/s:"
                            + " p50 %+.3f ms, p99 %+.3f ms%n", r1.requestsPerSecond(),
                    r1.requestsPerSecond() / d1.requestsPerSecond(), rate, (r2.p50Micros() - d2.p50Micros()) / 1000.0,
                    (r2.p99Micros() - d2.p99Micros()) / 1000.0);
            System.out.printf(Locale.ROOT, "proxy over the relay: throughput %.2f x; added at %d req/s: p50 %+.3f ms,"
                            + " p99 %+.3f ms%n", p1.requestsPerSecond() / r1.requestsPerSecond(), rate,
                    (p2.p50Micros() - r2.p50Micros()) / 1000.0, (p2.p99Micros() - r2.p99Micros()) / 1000.0);
            System.out.printf(Locale.ROOT, "process CPU per request, closed loop: direct %.1f us, relay %.1f us, proxy"
                            + " %.1f us (the proxy's own work over the relay: %+.1f us)%n", d1.cpuMicrosPerRequest(),
                    r1.cpuMicrosPerRequest(), p1.cpuMicrosPerRequest(),
                    p1.cpuMicrosPerRequest() - r1.cpuMicrosPerRequest());
            System.out.printf(Locale.ROOT, "target >= 20,000 req/s through the proxy: %s (%.0f req/s)%n",
                    p1.requestsPerSecond() >= 20_000 ? "MET" : "NOT MET", p1.requestsPerSecond());
            System.out.printf(Locale.ROOT, "target <= 1 ms added p99 at 1,000 req/s: %s (%+.3f ms%s)%n",
                    addedP99 <= 1.0 ? "MET" : "NOT MET", addedP99, rate == 1000 ? "" : ", measured at " + rate);

            // Money: every proxied call the provider billed was settled at exactly its cost, nothing else.
            long perCall = Cost.costMicros(PriceTable.bundled().require("gpt-4o-mini"),
                    MockProvider.promptTokensOf("Write about AI.".length()), 16);
            long proxiedCalls = p1.statuses().getOrDefault(200, 0L) + p2.statuses().getOrDefault(200, 0L);
            long spent = spent(server) - spentBefore;
            System.out.printf(Locale.ROOT, "money: agents spent %d µ$ for %d proxied calls at %d µ$ each (%d µ$);"
                            + " provider billed %d proxied calls: %s%n", spent, proxiedCalls, perCall,
                    proxiedCalls * perCall, proxiedBilled,
                    spent == proxiedCalls * perCall && proxiedBilled == proxiedCalls ? "EXACT" : "MISMATCH");
        }
    }

    private static long spent(IronServer server) {
        long total = 0;
        for (Views.Usage u : server.admin().usage().all()) {
            total += u.spentMicrodollars();
        }
        return total;
    }
}
