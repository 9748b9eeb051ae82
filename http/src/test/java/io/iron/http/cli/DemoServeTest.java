package io.iron.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iron.engine.store.db.SqliteTestDatabase;
import io.iron.http.JsonCodec;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `iron serve --demo`: one command, and the printed token and call work; a second start reuses the demo agent. */
@org.junit.jupiter.api.Timeout(120)
class DemoServeTest {

    @Test
    void theDemoPrintsATokenThatHandshakes() throws Exception {
        try (SqliteTestDatabase files = SqliteTestDatabase.create()) {
            String first = runDemoAndHandshake(files.url());
            String second = runDemoAndHandshake(files.url());
            assertEquals(agentId(first), agentId(second), "the demo agent is reused");
        }
    }

    private static String agentId(String out) {
        Matcher m = Pattern.compile("Demo agent (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static String runDemoAndHandshake(String dbUrl) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CountDownLatch stop = new CountDownLatch(1);
        CliContext ctx = new CliContext(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), stop);
        CompletableFuture<Integer> serving = CompletableFuture.supplyAsync(() ->
                IronCommand.run(ctx, "serve", "--demo", "--port", "0", "--db", dbUrl));
        String printed = awaitLine(out, "Iron is listening on ", serving);
        try {
            Matcher url = Pattern.compile("Iron is listening on (http://\\S+)").matcher(printed);
            assertTrue(url.find(), printed);
            String token = printed.lines().dropWhile(l -> !l.equals("IC token:")).skip(1).findFirst().orElseThrow();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url.group(1) + "/api/v1/budget/handshake"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ic_token\":\"" + token + "\",\"provider\":\"openai\","
                            + "\"requested_budget\":1000}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body() + "\n" + printed + err);
            assertEquals(1000, JsonCodec.readTree(r.body()).path("budget_granted").asLong());
            assertTrue(printed.contains("Admin token: " + ServeSettings.DEMO_ADMIN_TOKEN), printed);
            assertTrue(printed.contains("curl -s " + url.group(1) + "/api/v1/budget/handshake"), printed);
            // The handshake as printed borrows a part of the budget, not all of it: the printed gateway call after it
            // still has money.
            Matcher printedBody = Pattern.compile("-d '(\\{\"ic_token\"[^']*)'").matcher(printed);
            assertTrue(printedBody.find(), printed);
            HttpResponse<String> asPrinted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url.group(1) + "/api/v1/budget/handshake"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(printedBody.group(1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, asPrinted.statusCode(), asPrinted.body());
            assertEquals(Demo.HANDSHAKE_REQUEST_MICROS, JsonCodec.readTree(asPrinted.body()).path("budget_granted").asLong());
            assertTrue(JsonCodec.readTree(asPrinted.body()).path("budget_remaining").asLong() > 0, asPrinted.body());
            return printed;
        } finally {
            stop.countDown();
            assertEquals(0, serving.get(30, TimeUnit.SECONDS), err.toString());
        }
    }

    private static String awaitLine(StringWriter out, String marker, CompletableFuture<Integer> serving)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (out.toString().contains(marker)) {
                return out.toString();
            }
            if (serving.isDone()) {
                throw new AssertionError("serve ended early with " + serving.get() + ": " + out);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + marker + "' in: " + out);
    }
}
