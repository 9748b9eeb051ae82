package io.iron.engine.token;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test-only JWS forge: signs any header and payload text, so tests can build exactly the token they need. */
final class Jws {

    static final String DEV_SECRET = "dev-ic-token-secret-change-in-production";
    static final String REFERENCE_HEADER = "{\"typ\":\"JWT\",\"alg\":\"HS256\"}";

    private Jws() {
    }

    static String b64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(UTF_8));
    }

    /** header.payload signed with HmacSHA256 under the dev secret. */
    static String hs256(String headerJson, String payloadJson) {
        return sign(headerJson, payloadJson, DEV_SECRET, "HmacSHA256");
    }

    static String sign(String headerJson, String payloadJson, String secret, String macAlgorithm) {
        String signingInput = b64url(headerJson) + "." + b64url(payloadJson);
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), macAlgorithm));
            byte[] signature = mac.doFinal(signingInput.getBytes(UTF_8));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A reference-shaped payload with the given agent_id text, iat 1765728423 and no exp. */
    static String payload(String agentIdText) {
        return "{\"agent_id\":\"" + agentIdText + "\",\"budget_id\":\"budget_1\",\"iat\":1765728423,"
                + "\"iss\":\"iron-control-panel\",\"permissions\":[\"llm:call\",\"analytics:write\"]}";
    }
}
