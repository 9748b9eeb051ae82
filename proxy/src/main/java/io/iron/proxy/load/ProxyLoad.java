package io.iron.proxy.load;

import io.helidon.webserver.WebServer;
import io.iron.engine.actor.ActorOptions;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.bank.InMemoryBank;
import io.iron.engine.journal.InMemoryJournal;
import io.iron.engine.journal.InMemoryLedgerStore;
import io.iron.engine.pricing.Cost;
import io.iron.engine.pricing.PriceTable;
import io.iron.proxy.AgentProxy;
import io.iron.proxy.Provider;
import io.iron.proxy.ProviderKey;
import io.iron.proxy.ProviderKeys;
import io.iron.proxy.ProxyOptions;
import io.iron.proxy.budget.ActorBudgetGate;
import io.iron.proxy.mock.MockProvider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proxy's HTTP load run, all on loopback: a fast mock provider, one agent with an ample budget, the proxy on a
 * free port; the same calls are sent straight to the mock and through the proxy, and the two are reported side by
 * side with the money check. Bounded in calls and in time; it stops by itself.
 * {@code java ... io.iron.proxy.load.ProxyLoad [--clients N] [--requests N] [--warmup N] [--stream] [--seconds N]}.
 */
public final class ProxyLoad {
    private static final long AGENT = 1;
    private static final String KEY = "sk-load";
    private static final String MODEL = "gpt-4o-mini";

    private ProxyLoad() {
    }

    public static void main(String[] args) {
        LoadOptions o = LoadOptions.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> o = o.withClients(Integer.parseInt(args[++i]));
                case "--requests" -> o = o.withRequestsPerClient(Integer.parseInt(args[++i]));
                case "--warmup" -> o = o.withWarmupPerClient(Integer.parseInt(args[++i]));
                case "--stream" -> o = o.withStream(true);
                case "--seconds" -> o = o.withTimeLimit(Duration.ofSeconds(Long.parseLong(args[++i])));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (expected --clients, --requests, --warmup, --stream, --seconds)");
            }
        }
        run(o).print(System.out);
    }

    public static LoadReport run(LoadOptions o) {
        InMemoryBank bank = new InMemoryBank();
        bank.open(AGENT, 1_000_000_000_000L);
        try (MockProvider mock = MockProvider.start(MockProvider.Options.defaults().withApiKey(KEY)
                .withCompletionTokens(o.completionTokens()).withChunks(4));
             ActorRegistry actors = new ActorRegistry(bank, InMemoryJournal.discarding(), new InMemoryLedgerStore(),
                     ActorOptions.defaults().withHouseTrancheMicros(100_000_000))) {
            String agentToken = "agent-load-token";
            AgentProxy proxy = new AgentProxy(t -> agentToken.equals(t) ? OptionalLong.of(AGENT) : OptionalLong.empty(),
                    ProviderKeys.fixed(Map.of(Provider.OPENAI, new ProviderKey(Provider.OPENAI, KEY,
                            URI.create(mock.baseUrl())))),
                    new ActorBudgetGate(actors, bank), PriceTable.bundled(), ProxyOptions.defaults());
            WebServer server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                    .connectionOptions(s -> s.tcpNoDelay(true)).routing(proxy::register).build().start();
            try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                String body = "{\"model\":\"" + MODEL + "\",\"max_tokens\":" + o.completionTokens()
                        + (o.stream() ? ",\"stream\":true" : "")
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Write about AI.\"}]}";
                URI direct = URI.create(mock.baseUrl() + "/v1/chat/completions");
                URI proxied = URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions");
                drive(client, direct, KEY, body, o, o.warmupPerClient(), "warmup");
                drive(client, proxied, agentToken, body, o, o.warmupPerClient(), "warmup");
                mock.resetCounters();
                long chargedBefore = spent(actors);
                LoadResult d = drive(client, direct, KEY, body, o, o.requestsPerClient(), "direct");
                mock.resetCounters();
                LoadResult p = drive(client, proxied, agentToken, body, o, o.requestsPerClient(), "proxy");
                long charged = spent(actors) - chargedBefore;
                return new LoadReport(o, d, p, charged, billed(mock));
            } finally {
                server.stop();
            }
        }
    }

    private static long spent(ActorRegistry actors) {
        return actors.ask(AGENT, new AgentCommand.Usage()).spentMicros();
    }

    /** What the mock billed, priced per call as the proxy prices it (every call of a run is the same call). */
    private static long billed(MockProvider mock) {
        long calls = mock.billedRequests();
        if (calls == 0) {
            return 0;
        }
        return calls * Cost.costMicros(PriceTable.bundled().require(MODEL), mock.promptTokensBilled() / calls,
                mock.completionTokensBilled() / calls);
    }

    private static LoadResult drive(HttpClient client, URI uri, String apiKey, String body, LoadOptions o,
                                    int perClient, String target) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long deadline = System.nanoTime() + o.timeLimit().toNanos();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long[][] latencies = new long[o.clients()][];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < o.clients(); c++) {
            int client0 = c;
            threads.add(Thread.ofVirtual().start(() -> {
                long[] mine = new long[perClient];
                int n = 0;
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perClient && System.nanoTime() < deadline; i++) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<InputStream> res = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                        try (InputStream in = res.body()) {
                            in.transferTo(OutputStreamSink.INSTANCE);
                        }
                        if (res.statusCode() == 200) {
                            ok.incrementAndGet();
                            mine[n++] = (System.nanoTime() - t0) / 1_000;
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                latencies[client0] = Arrays.copyOf(mine, n);
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
        long[] all = Arrays.stream(latencies).filter(java.util.Objects::nonNull).flatMapToLong(Arrays::stream)
                .sorted().toArray();
        return new LoadResult(target, ok.get(), failed.get(), elapsedMillis, percentile(all, 50), percentile(all, 90),
                percentile(all, 99), all.length == 0 ? 0 : all[all.length - 1]);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Discards what it is given: the bodies are read to their end, as a client would, and dropped. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
