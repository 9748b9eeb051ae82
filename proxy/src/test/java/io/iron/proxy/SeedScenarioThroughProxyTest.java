package io.iron.proxy;

import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.iron.proxy.mock.MockProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed document's test, over HTTP with the official OpenAI SDK: 10 threads send gpt-4o-mini calls with
 * max_tokens 500 through the proxy until each gets a 402; the budget is 10_000 µ$ and each call costs 300 µ$
 * (the mock returns 500 completion tokens and 5 prompt tokens). 33 calls fit; 10 threads end blocked; 0 errors.
 */
class SeedScenarioThroughProxyTest {

    @Test
    void tenThreadsDrainTenThousandMicrosThroughTheProxyAndAllEndWith402() throws InterruptedException {
        try (ProxyHarness h = new ProxyHarness(10_000, MockProvider.Options.defaults().withCompletionTokens(500))) {
            OpenAIClient openAi = h.openAi();
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                    .addUserMessage("Write about AI.").maxTokens(500).build();
            AtomicInteger successes = new AtomicInteger();
            AtomicInteger blocked = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 10; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 100; i++) { // bounded: 33 fit in all
                            try {
                                openAi.chat().completions().create(params);
                                successes.incrementAndGet();
                            } catch (OpenAIServiceException e) {
                                if (e.statusCode() == 402 && e.getMessage().contains("budget")) {
                                    blocked.incrementAndGet();
                                    refusals.add(e.code().orElse("?"));
                                } else {
                                    errors.incrementAndGet();
                                }
                                return;
                            }
                        }
                    } catch (RuntimeException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                }));
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            openAi.close();

            assertEquals(0, errors.get(), "errors");
            assertEquals(10, blocked.get(), "every thread ends with a 402: " + refusals);
            assertEquals(33, successes.get(), "successes");
            assertEquals(33 * 300, h.spentMicros());
            assertTrue(h.spentMicros() <= 10_000);
            assertEquals(0, h.reservedMicros());
            assertEquals(33, h.mock.billedRequests(), "the provider was called only for the calls that were paid");
        }
    }
}
