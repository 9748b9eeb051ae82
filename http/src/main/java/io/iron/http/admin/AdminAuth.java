package io.iron.http.admin;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.iron.http.ApiError;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The operators' credential: {@code Authorization: Bearer <IRON_ADMIN_TOKEN>}, compared in constant time. Anything
 * else (missing header, other scheme, wrong token) is a 401 that says how to authenticate, never what was expected.
 */
public final class AdminAuth {
    public static final String ENV = "IRON_ADMIN_TOKEN";
    private final byte[] adminToken;

    public AdminAuth(String adminToken) {
        Objects.requireNonNull(adminToken, ENV);
        if (adminToken.isBlank()) {
            throw new IllegalArgumentException(ENV + " must not be blank");
        }
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    }

    /** Wraps a handler so that it runs only for the admin. */
    public Handler guard(Handler handler) {
        return (req, res) -> {
            String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
            byte[] given = header.startsWith("Bearer ")
                    ? header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            if (!MessageDigest.isEqual(given, adminToken)) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"iron-admin\"");
                throw ApiError.of(Status.UNAUTHORIZED_401,
                        "Missing or wrong admin credential: send Authorization: Bearer $" + ENV);
            }
            handler.handle(req, res);
        };
    }
}
