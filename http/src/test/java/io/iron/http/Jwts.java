package io.iron.http;

import io.iron.engine.config.Secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made HS256 tokens for tests (any header, any claims), signed with the dev secrets. */
public final class Jwts {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Jwts() {
    }

    /** An IC token with the reference claims for {@code agentIdText} (e.g. "agent_abc"), dev IC_TOKEN_SECRET. */
    public static String icToken(String agentIdText) {
        return sign("{\"typ\":\"JWT\",\"alg\":\"HS256\"}", "{\"agent_id\":\"" + agentIdText
                + "\",\"budget_id\":\"budget_1\",\"iat\":1765728423,\"iss\":\"iron-control-panel\","
                + "\"permissions\":[\"llm:call\",\"analytics:write\"]}", Secrets.DEV_IC_TOKEN_SECRET);
    }

    /** A user access token (§2.2) signed with the dev JWT_SECRET. */
    public static String userJwt(String sub, long expSecs, String jti) {
        return sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"sub\":\"" + sub + "\",\"role\":\"admin\","
                + "\"email\":\"a@b.c\",\"iat\":1,\"exp\":" + expSecs + ",\"jti\":\"" + jti + "\"}",
                Secrets.DEV_JWT_SECRET);
    }

    public static String sign(String header, String payload, String secret) {
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
