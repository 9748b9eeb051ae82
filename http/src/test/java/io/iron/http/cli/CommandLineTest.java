package io.iron.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iron.http.Reply;
import io.iron.http.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The operators' commands against a running server, the way a shell would run them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(120)
class CommandLineTest {
    private TestServer s;

    record Run(int code, String out, String err) { }

    @BeforeAll
    void start() {
        s = TestServer.start();
    }

    @AfterAll
    void stop() {
        s.close();
    }

    private Run iron(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("IRON_ADMIN_TOKEN", TestServer.ADMIN_TOKEN);
        env.put("SERVER_PORT", Integer.toString(s.server.port()));
        env.putAll(extraEnv);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IronCommand.run(new CliContext(env, new PrintWriter(out), new PrintWriter(err),
                new CountDownLatch(1)), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run iron(String... args) {
        return iron(Map.of(), args);
    }

    @Test
    void theSeedsFifteenStepsAreAFewCommands() {
        Run key = iron(Map.of("OPENAI_API_KEY", "sk-proj-abcdefghijklmnop"), "key", "add", "--provider", "openai",
                "--api-key-env", "OPENAI_API_KEY");
        assertEquals(0, key.code(), key.err());
        assertTrue(key.out().contains("sk-p...nop"), key.out());
        assertFalse(key.out().contains("abcdefghijklmnop"));

        Run agent = iron("agent", "create", "--name", "seed", "--budget-usd", "0.01");
        assertEquals(0, agent.code(), agent.err());
        assertTrue(agent.out().contains("with a budget of $0.010000"), agent.out());
        Matcher m = Pattern.compile("Created agent (\\d+)").matcher(agent.out());
        assertTrue(m.find());
        String token = agent.out().lines().filter(l -> l.startsWith("eyJ")).findFirst().orElseThrow();

        Reply hs = s.handshake(token);
        assertEquals(200, hs.status(), hs.body());
        assertEquals(10_000, hs.num("budget_granted"));

        Run usage = iron("usage", m.group(1));
        assertEquals(0, usage.code(), usage.err());
        assertTrue(usage.out().contains("drawn $0.010000 (10000 µ$)"), usage.out());
        assertTrue(usage.out().contains(hs.text("lease_id")), usage.out());

        Run reclaim = iron("lease", "reclaim", hs.text("lease_id"), "--reason", "demo over");
        assertEquals(0, reclaim.code(), reclaim.err());
        assertTrue(reclaim.out().contains("$0.010000 (10000 µ$) back"), reclaim.out());

        Run set = iron("budget", "set", "agent_" + m.group(1), "--usd", "0.02");
        assertEquals(0, set.code(), set.err());
        assertTrue(set.out().contains("allocated $0.020000"), set.out());
    }

    @Test
    void tokenRegenerateRevokeAndIssue() {
        Run agent = iron("agent", "create", "--name", "t", "--budget-usd", "1", "--json");
        long id = io.iron.http.JsonCodec.readTree(agent.out()).path("agent").path("id").asLong();
        Run regen = iron("token", "regenerate", Long.toString(id));
        assertEquals(0, regen.code(), regen.err());
        assertTrue(regen.out().contains("IC token of agent " + id), regen.out());
        assertEquals(0, iron("token", "revoke", Long.toString(id)).code());
        Run issue = iron("token", "issue", Long.toString(id));
        assertEquals(0, issue.code(), issue.err());
        Run again = iron("token", "issue", Long.toString(id));
        assertEquals(1, again.code());
        assertTrue(again.err().contains("Agent already has IC token"), again.err());
    }

    @Test
    void aBadAmountIsRefusedBeforeAnythingIsSent() {
        Run r = iron("agent", "create", "--name", "x", "--budget-usd", "0.0000001");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("iron: --budget-usd has more than 6 decimal places"), r.err());
    }

    @Test
    void aMissingKeyVariableIsNamed() {
        Run r = iron("key", "add", "--provider", "openai", "--api-key-env", "NO_SUCH_VAR");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("NO_SUCH_VAR is not set"), r.err());
    }

    @Test
    void aWrongAdminTokenSaysSo() {
        Run r = iron(Map.of("IRON_ADMIN_TOKEN", "wrong"), "agent", "list");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("refused the admin credential"), r.err());
    }

    @Test
    void noServerSaysWhereItLooked() {
        Run r = iron(Map.of("SERVER_PORT", "1"), "usage");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cannot reach the Iron server at http://127.0.0.1:1"), r.err());
    }

    @Test
    void serveOnAPortInUseSaysSo() {
        try (io.iron.engine.store.db.SqliteTestDatabase files = io.iron.engine.store.db.SqliteTestDatabase.create()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = IronCommand.run(new CliContext(Map.of(), new PrintWriter(out), new PrintWriter(err),
                    new CountDownLatch(1)), "serve", "--demo", "--port", Integer.toString(s.server.port()),
                    "--db", files.url());
            assertEquals(1, code, out.toString());
            assertTrue(err.toString().contains("cannot listen on 0.0.0.0:" + s.server.port()), err.toString());
        }
    }

    @Test
    void serveWithoutSecretsStopsAtOnceNamingThem() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IronCommand.run(new CliContext(Map.of(), new PrintWriter(out), new PrintWriter(err),
                new CountDownLatch(1)), "serve", "--port", "0");
        assertEquals(1, code);
        for (String name : new String[] {"IC_TOKEN_SECRET", "IRON_SECRETS_MASTER_KEY", "IP_TOKEN_KEY", "JWT_SECRET",
                "IRON_ADMIN_TOKEN"}) {
            assertTrue(err.toString().contains(name + " is not set"), err.toString());
        }
    }
}
