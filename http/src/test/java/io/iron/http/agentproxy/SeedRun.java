package io.iron.http.agentproxy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed document's client, with the official OpenAI SDK: {@code threads} threads send gpt-4o-mini calls with
 * max_tokens 500 until each gets its first 402, and print the seed's summary.
 */
final class SeedRun {

    record Result(int successes, int blocked, int errors, long elapsedMillis, List<String> errorTexts) { }

    private SeedRun() {
    }

    static Result run(String baseUrlV1, String icToken, int threads, PrintStream log) throws InterruptedException {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrlV1).apiKey(icToken).maxRetries(0).build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessage("Write about AI.").maxTokens(500).build();
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger blocked = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong calls = new AtomicLong();
        List<String> errorTexts = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            String name = String.format(Locale.ROOT, "T%02d", t);
            workers.add(Thread.ofPlatform().name(name).start(() -> {
                int n = 0;
                try {
                    go.await();
                    for (int i = 0; i < 1_000; i++) { // bounded
                        try {
                            ChatCompletion c = client.chat().completions().create(params);
                            n++;
                            successes.incrementAndGet();
                            long done = calls.incrementAndGet();
                            log.printf(Locale.ROOT, "[%s] #%d | call %d | %s...%n", name, n, done,
                                    c.choices().getFirst().message().content().orElse("").substring(0, 20));
                        } catch (OpenAIServiceException e) {
                            if (e.statusCode() == 402) {
                                blocked.incrementAndGet();
                                log.printf(Locale.ROOT, "[%s] BLOCKED! after %d calls: %s%n", name, n,
                                        e.code().orElse("?"));
                            } else {
                                errors.incrementAndGet();
                                errorTexts.add(e.statusCode() + " " + e.getMessage());
                            }
                            return;
                        }
                    }
                } catch (RuntimeException | InterruptedException e) {
                    errors.incrementAndGet();
                    errorTexts.add(String.valueOf(e));
                }
            }));
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        client.close();
        Result r = new Result(successes.get(), blocked.get(), errors.get(), (System.nanoTime() - t0) / 1_000_000,
                List.copyOf(errorTexts));
        log.printf(Locale.ROOT, "%nRESULTS (elapsed: %.1fs)%n  Successful requests: %d%n  Blocked by budget:   %d%n"
                + "  Errors:              %d%n", r.elapsedMillis() / 1000.0, r.successes(), r.blocked(), r.errors());
        return r;
    }

    static void printMoney(PrintStream log, long allocated, long spent, long remaining) {
        log.printf(Locale.ROOT, "  Spent:  $%.6f (%d µ$) of $%.6f; remaining in the bank $%.6f (%d µ$)%n",
                spent / 1e6, spent, allocated / 1e6, remaining / 1e6, remaining);
    }
}
