package io.iron.proxy.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.iron.proxy.budget.BudgetUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The budget protocol's client side (PROTOCOL part 2 §1): handshake, report, return against
 * {@code {control}/api/v1/budget/*}. Network failures and 5xx answers are {@link BudgetUnavailableException}; the
 * IC token is sent, never logged.
 */
final class ControlClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The handshake's {@code requested_budget} ceiling ($100). */
    static final long MAX_HANDSHAKE_MICROS = 100_000_000L;

    /** A granted lease: the server's lease id, its grant, the agent's remainder after it, the sealed key. */
    record Lease(String leaseId, long grantedMicros, long remainingMicros, String ipToken) {
        @Override
        public String toString() {
            return "Lease[" + leaseId + ", granted " + grantedMicros + " µ$, remaining " + remainingMicros + " µ$]";
        }
    }

    /** How a report went: accepted (also a replay), refused for good (4xx), or worth retrying. */
    enum ReportAnswer { ACCEPTED, REFUSED, RETRY }

    private final String root;
    private final String icToken;
    private final Http1Client http;

    ControlClient(URI controlUrl, String icToken, Duration timeout) {
        String s = controlUrl.toString();
        this.root = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.icToken = icToken;
        this.http = Http1Client.builder().connectTimeout(timeout).readTimeout(timeout).keepAlive(true)
                .followRedirects(false).build();
    }

    /** A new lease of up to {@code requestedMicros}; empty when the agent has nothing left (403). */
    Optional<Lease> handshake(String provider, long requestedMicros) {
        ObjectNode body = JSON.createObjectNode().put("ic_token", icToken).put("provider", provider)
                .put("requested_budget", Math.min(Math.max(1, requestedMicros), MAX_HANDSHAKE_MICROS));
        Answer a = post("/api/v1/budget/handshake", body, true);
        if (a.status == 403) {
            return Optional.empty();
        }
        a.requireOk("handshake");
        return Optional.of(new Lease(a.json.path("lease_id").asText(), a.json.path("budget_granted").asLong(),
                a.json.path("budget_remaining").asLong(), a.json.path("ip_token").asText()));
    }

    /** One usage report; {@code requestId} makes a retry harmless (D10). */
    ReportAnswer report(String leaseId, String requestId, long tokens, long costMicros, String model,
                        String provider) {
        ObjectNode body = JSON.createObjectNode().put("lease_id", leaseId).put("request_id", requestId)
                .put("tokens", tokens).put("cost_microdollars", costMicros).put("model", model)
                .put("provider", provider);
        try {
            Answer a = post("/api/v1/budget/report", body, false);
            if (a.status >= 200 && a.status < 300) {
                return ReportAnswer.ACCEPTED;
            }
            return a.status >= 500 || a.status == 429 ? ReportAnswer.RETRY : ReportAnswer.REFUSED;
        } catch (BudgetUnavailableException e) {
            return ReportAnswer.RETRY;
        }
    }

    /** Returns a lease declaring {@code spentMicros}; answers what the server gave back to the agent. */
    long returnLease(String leaseId, long spentMicros) {
        ObjectNode body = JSON.createObjectNode().put("lease_id", leaseId).put("spent_microdollars", spentMicros);
        Answer a = post("/api/v1/budget/return", body, false);
        a.requireOk("return of " + leaseId);
        return a.json.path("returned").asLong();
    }

    private record Answer(int status, JsonNode json) {
        void requireOk(String what) {
            if (status < 200 || status > 299) {
                throw new BudgetUnavailableException("the control server refused the " + what + ": " + status
                        + " " + json.path("error").asText(""), null);
            }
        }
    }

    private Answer post(String path, ObjectNode body, boolean bearer) {
        var rq = http.post().uri(root + path).header(HeaderNames.CONTENT_TYPE, "application/json");
        if (bearer) {
            rq.header(HeaderNames.AUTHORIZATION, "Bearer " + icToken);
        }
        try (HttpClientResponse res = rq.submit(JSON.writeValueAsBytes(body));
             InputStream in = res.inputStream()) {
            byte[] bytes = in.readNBytes(1024 * 1024);
            JsonNode json;
            try {
                json = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
            } catch (IOException e) {
                json = JSON.createObjectNode();
            }
            int status = res.status().code();
            if (status >= 500) {
                throw new BudgetUnavailableException("the control server answered " + status + " to " + path, null);
            }
            return new Answer(status, json);
        } catch (IOException | RuntimeException e) {
            if (e instanceof BudgetUnavailableException b) {
                throw b;
            }
            throw new BudgetUnavailableException("the control server " + root + " cannot be reached (" + path + "): "
                    + e.getMessage(), e);
        }
    }
}
