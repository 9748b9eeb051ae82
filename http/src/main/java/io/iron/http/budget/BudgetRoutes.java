package io.iron.http.budget;

import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.iron.http.ApiError;
import io.iron.http.ServerParts;

/**
 * The budget protocol (D1): handshake, report, refresh and return, each at {@code /api/v1/budget/*} and at
 * {@code /api/budget/*} (where the reference's tests and its BudgetClient call them). Other methods get a JSON 405.
 */
public final class BudgetRoutes {
    private static final String[] PREFIXES = {"/api/v1/budget", "/api/budget"};

    private final Handler handshake;
    private final Handler report;
    private final Handler refresh;
    private final Handler giveBack;

    public BudgetRoutes(ServerParts parts) {
        IcTokenGate gate = new IcTokenGate(parts.icTokens(), parts.directory());
        IpTokenIssuer issuer = new IpTokenIssuer(parts.directory(), parts.vault(), parts.ipTokens());
        UserJwts userJwts = new UserJwts(parts.secrets().jwtSecret(), parts.clockMillis(),
                jti -> parts.directory().revokedUserTokens().isRevoked(jti));
        this.handshake = new HandshakeHandler(parts, gate, issuer);
        this.report = new ReportHandler(parts);
        this.refresh = new RefreshHandler(parts, gate, userJwts);
        this.giveBack = new ReturnHandler(parts);
    }

    public void register(HttpRouting.Builder routing) {
        for (String prefix : PREFIXES) {
            routing.post(prefix + "/handshake", handshake)
                    .post(prefix + "/report", report)
                    .post(prefix + "/refresh", refresh)
                    .post(prefix + "/return", giveBack);
            for (String endpoint : new String[] {"/handshake", "/report", "/refresh", "/return"}) {
                routing.route(m -> !m.equals(Method.POST), io.helidon.http.PathMatchers.exact(prefix + endpoint),
                        (req, res) -> {
                            res.header("Allow", "POST");
                            throw ApiError.of(Status.METHOD_NOT_ALLOWED_405, "Method not allowed");
                        });
            }
        }
    }
}
