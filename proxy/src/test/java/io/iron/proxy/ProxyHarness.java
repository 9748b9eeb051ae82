package io.iron.proxy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.helidon.webserver.WebServer;
import io.iron.engine.actor.ActorOptions;
import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.actor.AgentCommand;
import io.iron.engine.actor.Outcomes;
import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.InMemoryBank;
import io.iron.engine.journal.InMemoryJournal;
import io.iron.engine.journal.InMemoryLedgerStore;
import io.iron.engine.pricing.Cost;
import io.iron.engine.pricing.PriceTable;
import io.iron.engine.token.IcTokens;
import io.iron.proxy.budget.ActorBudgetGate;
import io.iron.proxy.mock.MockProvider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The whole proxy on loopback: a mock provider, an agent with a bank account, its actor, and the proxy on a
 * Helidon server on a free port, authenticating IC tokens signed with the reference's test secret.
 */
final class ProxyHarness implements AutoCloseable {
    static final long AGENT = 4242;
    static final String REAL_KEY = "sk-real-provider-key";
    static final IcTokens TOKENS = new IcTokens("test_secret_key_12345".getBytes(StandardCharsets.UTF_8));

    final MockProvider mock;
    final InMemoryBank bank = new InMemoryBank();
    final ActorRegistry actors;
    final WebServer server;
    final String icToken = TOKENS.issue(AGENT, null);
    final long budgetMicros;
    /** The bundled table plus one embedding model (the bundled set is chat models only). */
    static final PriceTable PRICES = pricesWithEmbeddings();

    private static PriceTable pricesWithEmbeddings() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("iron-prices", ".json");
            java.nio.file.Files.writeString(file, """
                    {"text-embedding-3-small": {"input_cost_per_token": 2e-08, "output_cost_per_token": 0,
                     "litellm_provider": "openai", "mode": "embedding", "max_input_tokens": 8191}}""");
            PriceTable table = PriceTable.load(file);
            java.nio.file.Files.delete(file);
            return table;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    ProxyHarness(long budgetMicros, MockProvider.Options mockOptions, ProxyOptions proxyOptions) {
        this.budgetMicros = budgetMicros;
        mock = MockProvider.start(mockOptions.withApiKey(REAL_KEY));
        bank.open(AGENT, budgetMicros);
        actors = new ActorRegistry(bank, new InMemoryJournal(), new InMemoryLedgerStore(), ActorOptions.defaults());
        URI upstream = URI.create(mock.baseUrl());
        ProviderKeys keys = ProviderKeys.fixed(Map.of(
                Provider.OPENAI, new ProviderKey(Provider.OPENAI, REAL_KEY, URI.create(mock.openAiBaseUrl())),
                Provider.ANTHROPIC, new ProviderKey(Provider.ANTHROPIC, REAL_KEY, upstream)));
        AgentProxy proxy = new AgentProxy(AgentAuthenticator.signatureOnly(TOKENS), keys, new ActorBudgetGate(actors, bank),
                PRICES, proxyOptions);
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .connectionOptions(s -> s.tcpNoDelay(true))
                .routing(proxy::register).build().start();
    }

    ProxyHarness(long budgetMicros, MockProvider.Options mockOptions) {
        this(budgetMicros, mockOptions, ProxyOptions.defaults().forwarding("x-mock-fault")
                .withReadTimeout(Duration.ofSeconds(5)).withDrainBound(Duration.ofSeconds(10)));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().apiKey(icToken).baseUrl(baseUrl() + "/v1").maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    AnthropicClient anthropic() {
        return AnthropicOkHttpClient.builder().apiKey(icToken).baseUrl(baseUrl()).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    Outcomes.AgentUsage usage() {
        return actors.ask(AGENT, new AgentCommand.Usage());
    }

    /** What the agent has spent, in the ledger; checked against the bank: drawn = spent + still free in leases. */
    long spentMicros() {
        Outcomes.AgentUsage u = usage();
        BankAccount account = bank.account(AGENT).orElseThrow();
        long freeInLeases = 0;
        for (Outcomes.LeaseView l : u.leases()) {
            if (l.status() == io.iron.engine.budget.LeaseStatus.ACTIVE) {
                freeInLeases += l.grantedMicros() - l.spentMicros() - l.reservedMicros();
            }
        }
        if (account.drawnMicros() != u.spentMicros() + u.reservedMicros() + freeInLeases) {
            throw new AssertionError("bank drawn " + account.drawnMicros() + " != spent " + u.spentMicros()
                    + " + reserved " + u.reservedMicros() + " + free in leases " + freeInLeases);
        }
        return u.spentMicros();
    }

    long reservedMicros() {
        return usage().reservedMicros();
    }

    /** What the mock billed so far, at {@code model}'s price. */
    long mockCostMicros(String model) {
        return Cost.costMicros(PRICES.require(model), mock.promptTokensBilled(),
                mock.completionTokensBilled());
    }

    /** Waits (bounded) until no reservation is open: a drained stream settles after its client left. */
    void awaitNoReservation() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (reservedMicros() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("a reservation is still open: " + usage());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        server.stop();
        actors.close();
        mock.close();
    }
}
