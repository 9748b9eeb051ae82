package io.iron.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Malformed requests of every kind — syntax errors, wrong types, nulls, huge and negative numbers, whitespace,
 * forged, expired and {@code alg:none} tokens, oversized bodies, SQL in ids — each gets its 4xx with a JSON
 * {@code error}, and afterwards every table of the database is exactly as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {
    private static final String HS = "/api/v1/budget/handshake";
    private static final String REPORT = "/api/v1/budget/report";
    private static final String REFRESH = "/api/v1/budget/refresh";
    private static final String RETURN = "/api/budget/return";
    private static final String JSON = "application/json";

    private TestServer s;
    private TestServer.Agent agent;
    private String lease;
    private String before;

    record Case(String name, String method, String path, String contentType, byte[] body, int status,
                String... headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void start() {
        s = TestServer.start();
        s.addOpenAiKey();
        agent = s.createAgent(null, 5_000);
        lease = s.handshake(agent.icToken(), 2_000).text("lease_id");
        before = DatabaseDump.of(s.db);
    }

    @AfterAll
    void stop() {
        s.close();
    }

    private static Case json(String name, String path, String body, int status, String... headers) {
        return new Case(name, "POST", path, JSON, body.getBytes(StandardCharsets.UTF_8), status, headers);
    }

    private String jwt() {
        return "Bearer " + Jwts.userJwt("user_admin", s.clock.getAsLong() / 1000 + 600, "bad-input");
    }

    private String signedIc(String payload) {
        return Jwts.sign("{\"typ\":\"JWT\",\"alg\":\"HS256\"}", payload, io.iron.engine.config.Secrets.DEV_IC_TOKEN_SECRET);
    }

    List<Case> cases() {
        String t = agent.icToken();
        String forged = t.substring(0, t.lastIndexOf('.') + 1) + "x" + t.substring(t.lastIndexOf('.') + 2);
        String expired = signedIc("{\"agent_id\":\"agent_" + agent.id() + "\",\"budget_id\":\"b\",\"iat\":1,"
                + "\"exp\":2,\"iss\":\"iron-control-panel\",\"permissions\":[]}");
        String wrongIssuer = signedIc("{\"agent_id\":\"agent_" + agent.id() + "\",\"budget_id\":\"b\",\"iat\":1,"
                + "\"iss\":\"someone-else\",\"permissions\":[]}");
        var b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String algNone = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"agent_id\":\"agent_" + agent.id() + "\",\"budget_id\":\"b\",\"iat\":1,"
                + "\"iss\":\"iron-control-panel\",\"permissions\":[]}").getBytes(StandardCharsets.UTF_8)) + ".";
        String bigBody = "{\"ic_token\":\"" + "a".repeat(70 * 1024) + "\",\"provider\":\"openai\"}";
        String admin = "Bearer " + TestServer.ADMIN_TOKEN;
        List<Case> c = new ArrayList<>();
        // handshake: syntax
        c.add(json("hs unclosed object", HS, "{", 400));
        c.add(json("hs trailing comma", HS, "{\"ic_token\":\"x\",}", 400));
        c.add(json("hs empty body", HS, "", 400));
        c.add(json("hs trailing garbage", HS, "{\"ic_token\":\"x\",\"provider\":\"openai\"} x", 400));
        c.add(json("hs duplicate key", HS, "{\"ic_token\":\"a\",\"ic_token\":\"b\",\"provider\":\"openai\"}", 400));
        c.add(json("hs NaN literal", HS, "{\"ic_token\":\"x\",\"provider\":\"openai\",\"requested_budget\":NaN}", 400));
        c.add(new Case("hs invalid utf-8", "POST", HS, JSON, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':',
                '1', '}'}, 400));
        // handshake: shapes and types
        c.add(json("hs json null", HS, "null", 422));
        c.add(json("hs json array", HS, "[]", 422));
        c.add(json("hs json string", HS, "\"ic_token\"", 422));
        c.add(json("hs ic_token number", HS, "{\"ic_token\":123,\"provider\":\"openai\"}", 422));
        c.add(json("hs ic_token null", HS, "{\"ic_token\":null,\"provider\":\"openai\"}", 422));
        c.add(json("hs ic_token missing", HS, "{\"provider\":\"openai\"}", 422));
        c.add(json("hs provider array", HS, "{\"ic_token\":\"x\",\"provider\":[\"openai\"]}", 422));
        c.add(json("hs budget float", HS, "{\"ic_token\":\"x\",\"provider\":\"openai\",\"requested_budget\":5.5}", 422));
        c.add(json("hs budget 1.79e308", HS, "{\"ic_token\":\"x\",\"provider\":\"openai\",\"requested_budget\":1.79e308}", 422));
        c.add(json("hs budget string", HS, "{\"ic_token\":\"x\",\"provider\":\"openai\",\"requested_budget\":\"100\"}", 422));
        c.add(json("hs budget beyond i64", HS, "{\"ic_token\":\"x\",\"provider\":\"openai\",\"requested_budget\":99999999999999999999999}", 422));
        c.add(json("hs budget boolean", HS, "{\"ic_token\":\"x\",\"provider\":\"openai\",\"requested_budget\":true}", 422));
        c.add(json("hs key id string", HS, "{\"ic_token\":\"x\",\"provider\":\"openai\",\"provider_key_id\":\"1\"}", 422));
        // handshake: values
        c.add(json("hs budget negative", HS, "{\"ic_token\":\"" + t + "\",\"provider\":\"openai\",\"requested_budget\":-1}", 400));
        c.add(json("hs budget zero", HS, "{\"ic_token\":\"" + t + "\",\"provider\":\"openai\",\"requested_budget\":0}", 400));
        c.add(json("hs budget over $100", HS, "{\"ic_token\":\"" + t + "\",\"provider\":\"openai\",\"requested_budget\":100000001}", 400));
        c.add(json("hs whitespace token", HS, "{\"ic_token\":\"  \\t\\n  \",\"provider\":\"openai\"}", 400));
        c.add(json("hs token over 2000 bytes", HS, "{\"ic_token\":\"" + "é".repeat(1001) + "\",\"provider\":\"openai\"}", 400));
        c.add(json("hs empty provider", HS, "{\"ic_token\":\"" + t + "\",\"provider\":\"\"}", 400));
        c.add(json("hs SQL in provider", HS, "{\"ic_token\":\"" + t + "\",\"provider\":\"openai'; DROP TABLE agents;--\"}", 400));
        // handshake: tokens
        c.add(json("hs forged signature", HS, "{\"ic_token\":\"" + forged + "\",\"provider\":\"openai\"}", 401));
        c.add(json("hs expired token", HS, "{\"ic_token\":\"" + expired + "\",\"provider\":\"openai\"}", 401));
        c.add(json("hs alg none token", HS, "{\"ic_token\":\"" + algNone + "\",\"provider\":\"openai\"}", 401));
        c.add(json("hs wrong issuer", HS, "{\"ic_token\":\"" + wrongIssuer + "\",\"provider\":\"openai\"}", 401));
        c.add(json("hs garbage token", HS, "{\"ic_token\":\"not.a.jwt\",\"provider\":\"openai\"}", 401));
        c.add(json("hs SQL agent id", HS, "{\"ic_token\":\"" + Jwts.icToken("agent_1 OR 1=1") + "\",\"provider\":\"openai\"}", 400));
        c.add(json("hs negative agent id", HS, "{\"ic_token\":\"" + Jwts.icToken("agent_-1") + "\",\"provider\":\"openai\"}", 400));
        c.add(json("hs unknown agent", HS, "{\"ic_token\":\"" + Jwts.icToken("agent_123456789") + "\",\"provider\":\"openai\"}", 401));
        // handshake: framing
        c.add(new Case("hs text/plain", "POST", HS, "text/plain", "{}".getBytes(StandardCharsets.UTF_8), 415));
        c.add(new Case("hs no content type", "POST", HS, null, "{}".getBytes(StandardCharsets.UTF_8), 415));
        c.add(new Case("hs 70 KiB body", "POST", HS, JSON, bigBody.getBytes(StandardCharsets.UTF_8), 413));
        c.add(new Case("hs GET", "GET", HS, null, null, 405));
        // report
        String r = "{\"lease_id\":\"" + lease + "\",\"request_id\":\"r\",\"model\":\"m\",\"provider\":\"p\",";
        c.add(json("report tokens float", REPORT, r + "\"tokens\":1.5,\"cost_microdollars\":1}", 422));
        c.add(json("report cost string", REPORT, r + "\"tokens\":1,\"cost_microdollars\":\"1\"}", 422));
        c.add(json("report cost 1e400", REPORT, r + "\"tokens\":1,\"cost_microdollars\":1e400}", 422));
        c.add(json("report tokens 2^63", REPORT, r + "\"tokens\":9223372036854775808,\"cost_microdollars\":1}", 422));
        c.add(json("report cost negative", REPORT, r + "\"tokens\":1,\"cost_microdollars\":-1}", 400));
        c.add(json("report tokens zero", REPORT, r + "\"tokens\":0,\"cost_microdollars\":1}", 400));
        c.add(json("report cost above the lease", REPORT, r + "\"tokens\":1,\"cost_microdollars\":2001}", 403));
        c.add(json("report request_id missing", REPORT, "{\"lease_id\":\"" + lease + "\",\"tokens\":1,"
                + "\"cost_microdollars\":1,\"model\":\"m\",\"provider\":\"p\"}", 422));
        c.add(json("report lease_id null", REPORT, "{\"lease_id\":null,\"request_id\":\"r\",\"tokens\":1,"
                + "\"cost_microdollars\":1,\"model\":\"m\",\"provider\":\"p\"}", 422));
        c.add(json("report SQL lease id", REPORT, "{\"lease_id\":\"' OR 1=1 --\",\"request_id\":\"r\",\"tokens\":1,"
                + "\"cost_microdollars\":1,\"model\":\"m\",\"provider\":\"p\"}", 404));
        c.add(json("report model too long", REPORT, r.replace("\"model\":\"m\"", "\"model\":\"" + "m".repeat(101)
                + "\"") + "\"tokens\":1,\"cost_microdollars\":1}", 400));
        c.add(new Case("report 1 MiB body", "POST", REPORT, JSON, new byte[1024 * 1024], 413));
        // refresh
        String rf = "{\"ic_token\":\"" + t + "\",\"current_lease_id\":\"" + lease + "\"";
        c.add(json("refresh no credential", REFRESH, rf + "}", 401));
        c.add(json("refresh wrong bearer", REFRESH, rf + "}", 401, "Authorization", "Bearer nope"));
        c.add(json("refresh bad json with jwt", REFRESH, "{", 400, "Authorization", jwt()));
        c.add(json("refresh budget too large", REFRESH, rf + ",\"requested_budget\":1000000001}", 400, "Authorization", jwt()));
        c.add(json("refresh budget float", REFRESH, rf + ",\"requested_budget\":0.5}", 422, "Authorization", jwt()));
        c.add(json("refresh SQL lease id", REFRESH, "{\"ic_token\":\"" + t + "\",\"current_lease_id\":\"x'; DELETE FROM"
                + " budget_leases;--\"}", 404, "Authorization", jwt()));
        c.add(json("refresh forged IC token", REFRESH, "{\"ic_token\":\"" + forged + "\",\"current_lease_id\":\""
                + lease + "\"}", 401, "Authorization", jwt()));
        // return
        c.add(json("return spent negative", RETURN, "{\"lease_id\":\"" + lease + "\",\"spent_microdollars\":-5}", 400));
        c.add(json("return spent float", RETURN, "{\"lease_id\":\"" + lease + "\",\"spent_microdollars\":2.5}", 422));
        c.add(json("return empty lease id", RETURN, "{\"lease_id\":\"\"}", 400));
        c.add(json("return numeric lease id", RETURN, "{\"lease_id\":42}", 422));
        c.add(json("return SQL lease id", RETURN, "{\"lease_id\":\"lease_1' OR '1'='1\"}", 404));
        // admin
        c.add(json("admin no credential", "/api/v1/agents", "{\"name\":\"x\",\"budget_microdollars\":1}", 401));
        c.add(json("admin wrong credential", "/api/v1/agents", "{\"name\":\"x\",\"budget_microdollars\":1}", 401,
                "Authorization", "Bearer wrong"));
        c.add(new Case("admin SQL agent id", "GET", "/api/v1/agents/1%3B%20DROP%20TABLE%20agents", null, null, 400,
                "Authorization", admin));
        c.add(json("admin negative budget", "/api/v1/agents", "{\"name\":\"x\",\"budget_microdollars\":-1}", 400,
                "Authorization", admin));
        c.add(json("admin float budget", "/api/v1/agents", "{\"name\":\"x\",\"budget_microdollars\":1.5}", 422,
                "Authorization", admin));
        c.add(json("admin absurd budget", "/api/v1/agents", "{\"name\":\"x\",\"budget_microdollars\":10000000000000}",
                400, "Authorization", admin));
        c.add(json("admin blank name", "/api/v1/agents", "{\"name\":\" \",\"budget_microdollars\":1}", 400,
                "Authorization", admin));
        c.add(json("admin unknown provider", "/api/v1/providers", "{\"provider\":\"x\",\"api_key\":\"k\"}", 400,
                "Authorization", admin));
        c.add(new Case("admin budget below drawn", "PUT", "/api/v1/agents/" + agent.id() + "/budget", JSON,
                "{\"total_allocated_microdollars\":1000}".getBytes(StandardCharsets.UTF_8), 400, "Authorization", admin));
        c.add(json("admin reclaim unknown lease", "/api/v1/leases/lease_nope/reclaim", "{\"reason\":\"r\"}", 404,
                "Authorization", admin));
        c.add(json("admin reclaim without reason", "/api/v1/leases/" + lease + "/reclaim", "{}", 400,
                "Authorization", admin));
        return c;
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> eachMalformedRequestGetsItsFourHundredAndAJsonError() {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 50, "at least 50 cases, got " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Reply r = s.send(c.method(), c.path(), c.contentType(), c.body(), c.headers());
            assertEquals(c.status(), r.status(), c.name() + ": " + r.body());
            assertNotNull(r.json(), c.name() + ": not JSON: " + r.body());
            assertTrue(r.json().has("error"), c.name() + ": no error field: " + r.body());
        }));
    }

    @Test
    @Order(1)
    void aChunkedBodyWithoutLengthIsCutOffAt64KiB() throws Exception {
        byte[] big = ("{\"ic_token\":\"" + "a".repeat(100 * 1024) + "\",\"provider\":\"openai\"}")
                .getBytes(StandardCharsets.UTF_8);
        var res = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url() + HS))
                        .header("Content-Type", JSON)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(big))).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(413, res.statusCode(), res.body());
        assertEquals("{\"error\":\"Request body too large (max 65536 bytes)\"}", res.body());
    }

    @Test
    @Order(2)
    void theDatabaseIsExactlyAsItWas() {
        assertEquals(before, DatabaseDump.of(s.db));
    }
}
