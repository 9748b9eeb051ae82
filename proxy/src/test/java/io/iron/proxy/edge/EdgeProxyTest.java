package io.iron.proxy.edge;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.iron.engine.bank.BankAccount;
import io.iron.engine.token.IcTokens;
import io.iron.proxy.Provider;
import io.iron.proxy.ProxyOptions;
import io.iron.proxy.budget.BudgetUnavailableException;
import io.iron.proxy.mock.MockProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edge proxy against a control server: handshake at start, the key only from the IP token, calls spent on the
 * lease, reports in the background, and the rest returned on close — checked in the control server's bank.
 */
class EdgeProxyTest {
    private static final long AGENT = 777;
    private static final String REAL_KEY = "sk-real-provider-key";
    private static final IcTokens TOKENS = new IcTokens("test_secret_key_12345".getBytes(StandardCharsets.UTF_8));

    private static EdgeOptions options(FakeControlServer control, MockProvider mock, String icToken, long tranche) {
        return EdgeOptions.of(URI.create(control.url()), icToken, 0, FakeControlServer.IP_TOKEN_KEY_HEX,
                        Provider.OPENAI)
                .withBaseUrl(Provider.OPENAI, URI.create(mock.baseUrl()))
                .withTrancheMicros(tranche)
                .withProxy(ProxyOptions.defaults().withReadTimeout(Duration.ofSeconds(5)));
    }

    private static OpenAIClient sdk(EdgeProxy edge, String apiKey) {
        return OpenAIOkHttpClient.builder().apiKey(apiKey).baseUrl(edge.baseUrl()).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void aCallIsForwardedWithTheKeyFromTheIpTokenAndTheRestIsReturnedOnClose() throws Exception {
        String icToken = TOKENS.issue(AGENT, null);
        try (FakeControlServer control = new FakeControlServer(TOKENS, REAL_KEY);
             MockProvider mock = MockProvider.start(MockProvider.Options.defaults().withApiKey(REAL_KEY)
                     .withCompletionTokens(12))) {
            control.bank.open(AGENT, 1_000_000);
            EdgeProxy edge = EdgeProxy.start(options(control, mock, icToken, 100_000));
            assertEquals(1, control.handshakes.get());
            assertEquals(900_000, control.bank.account(AGENT).orElseThrow().remainingMicros());
            OpenAIClient openAi = sdk(edge, icToken);

            ChatCompletion c = openAi.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini").addUserMessage("Hello, mock!").maxTokens(100).build());

            assertEquals(12, c.usage().orElseThrow().completionTokens());
            assertEquals(REAL_KEY, mock.lastApiKey(), "the key came out of the handshake's IP token");
            openAi.close();
            edge.close();

            assertEquals(1, edge.reportsDelivered(), "the call was reported");
            assertEquals(1, control.returns.get());
            BankAccount after = control.bank.account(AGENT).orElseThrow();
            assertEquals(1_000_000 - 7, after.remainingMicros(), "only the call's 7 µ$ stay spent");
        }
    }

    @Test
    void onlyItsOwnIcTokenIsAccepted() {
        String icToken = TOKENS.issue(AGENT, null);
        try (FakeControlServer control = new FakeControlServer(TOKENS, REAL_KEY);
             MockProvider mock = MockProvider.start(MockProvider.Options.defaults().withApiKey(REAL_KEY))) {
            control.bank.open(AGENT, 1_000_000);
            control.bank.open(AGENT + 1, 1_000_000);
            try (EdgeProxy edge = EdgeProxy.start(options(control, mock, icToken, 100_000))) {
                OpenAIClient other = sdk(edge, TOKENS.issue(AGENT + 1, null));
                assertThrows(UnauthorizedException.class, () -> other.chat().completions().create(
                        ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("hi")
                                .maxTokens(10).build()));
                other.close();
                assertEquals(0, mock.requests());
            }
        }
    }

    @Test
    void anEdgeStartedWithNothingLeftPicksUpARaisedBudget() {
        String icToken = TOKENS.issue(AGENT, null);
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_000_000);
        try (FakeControlServer control = new FakeControlServer(TOKENS, REAL_KEY);
             MockProvider mock = MockProvider.start(MockProvider.Options.defaults().withApiKey(REAL_KEY))) {
            control.bank.open(AGENT, 0);
            try (EdgeProxy edge = EdgeProxy.start(options(control, mock, icToken, 100_000), clock::get)) {
                OpenAIClient openAi = sdk(edge, icToken);
                ChatCompletionCreateParams call = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                        .addUserMessage("hi").maxTokens(10).build();
                OpenAIServiceException blocked = assertThrows(OpenAIServiceException.class,
                        () -> openAi.chat().completions().create(call));
                assertEquals(402, blocked.statusCode());
                assertEquals("budget_exceeded", blocked.code().orElseThrow());

                control.bank.topUp(AGENT, 1_000_000);
                clock.addAndGet(RemoteBank.PROBE_MILLIS);

                assertEquals("gpt-4o-mini", openAi.chat().completions().create(call).model());
                openAi.close();
            }
        }
    }

    @Test
    void anUnreachableControlServerFailsTheStartNamingIt() {
        String icToken = TOKENS.issue(AGENT, null);
        EdgeOptions o = EdgeOptions.of(URI.create("http://127.0.0.1:1"), icToken, 0,
                FakeControlServer.IP_TOKEN_KEY_HEX, Provider.OPENAI);
        BudgetUnavailableException e = assertThrows(BudgetUnavailableException.class, () -> EdgeProxy.start(o));
        assertTrue(e.getMessage().contains("http://127.0.0.1:1"), e.getMessage());
    }

    /**
     * The seed's scenario through an edge whose tranche is small (1_000 µ$), so the lease is refreshed many times:
     * 10 threads, 10_000 µ$, 300 µ$ a call. Every refresh returns the old lease counting its in-flight reservations
     * as spent, so a little slack is lost and fewer than 33 calls may fit; never more, and nothing is overspent.
     */
    @Test
    void seedScenarioThroughAnEdgeWithSmallLeasesNeverOverspends() throws Exception {
        String icToken = TOKENS.issue(AGENT, null);
        try (FakeControlServer control = new FakeControlServer(TOKENS, REAL_KEY);
             MockProvider mock = MockProvider.start(MockProvider.Options.defaults().withApiKey(REAL_KEY)
                     .withCompletionTokens(500))) {
            control.bank.open(AGENT, 10_000);
            EdgeProxy edge = EdgeProxy.start(options(control, mock, icToken, 1_000));
            OpenAIClient openAi = sdk(edge, icToken);
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                    .addUserMessage("Write about AI.").maxTokens(500).build();
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger blocked = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 10; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 100; i++) {
                        try {
                            openAi.chat().completions().create(params);
                            ok.incrementAndGet();
                        } catch (OpenAIServiceException e) {
                            if (e.statusCode() == 402) {
                                blocked.incrementAndGet();
                            } else {
                                errors.incrementAndGet();
                            }
                            return;
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            return;
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            openAi.close();
            edge.close();

            assertEquals(0, errors.get());
            assertEquals(10, blocked.get());
            assertTrue(ok.get() <= 33 && ok.get() >= 25, "successes " + ok.get());
            assertEquals(ok.get(), mock.billedRequests());
            BankAccount after = control.bank.account(AGENT).orElseThrow();
            long spentAtServer = 10_000 - after.remainingMicros();
            assertTrue(spentAtServer >= ok.get() * 300L, "the server counts at least what was spent: "
                    + spentAtServer);
            assertTrue(spentAtServer <= 10_000);
        }
    }
}
