package io.iron.http.budget;

import com.fasterxml.jackson.databind.JsonNode;
import io.iron.http.JsonCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The reference's user access tokens (§2.2): HS256 JWTs signed with {@code JWT_SECRET}, claims {@code sub}, {@code role},
 * {@code exp} (seconds) and {@code jti}. Accepted when the header says HS256, the HMAC over the received bytes
 * matches (constant-time), {@code sub} is present, {@code exp} is present and not past, and the {@code jti} was not
 * logged out ({@code token_blacklist}). Any role is accepted, as the reference's refresh does.
 */
final class UserJwts {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");
    private final SecretKeySpec key;
    private final LongSupplier clockMillis;
    private final Predicate<String> revokedJti;

    UserJwts(byte[] jwtSecret, LongSupplier clockMillis, Predicate<String> revokedJti) {
        this.key = new SecretKeySpec(jwtSecret, "HmacSHA256");
        this.clockMillis = clockMillis;
        this.revokedJti = revokedJti;
    }

    /** The subject of a valid token, or null. Never throws for bad input. */
    String subjectOf(String token) {
        if (token == null || token.length() > 8192) {
            return null;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !SEGMENT.matcher(parts[0]).matches() || !SEGMENT.matcher(parts[1]).matches()
                || !SEGMENT.matcher(parts[2]).matches()) {
            return null;
        }
        try {
            JsonNode header = JsonCodec.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (header == null || !"HS256".equals(header.path("alg").asText(null))) {
                return null;
            }
            byte[] expected = hmac(parts[0] + "." + parts[1]);
            byte[] given = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(expected, given)) {
                return null;
            }
            JsonNode claims = JsonCodec.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (claims == null || !claims.isObject()) {
                return null;
            }
            JsonNode sub = claims.get("sub");
            JsonNode exp = claims.get("exp");
            if (sub == null || !sub.isTextual() || exp == null || !exp.isIntegralNumber() || !exp.canConvertToLong()) {
                return null;
            }
            if (clockMillis.getAsLong() / 1000 > exp.longValue()) {
                return null;
            }
            JsonNode jti = claims.get("jti");
            if (jti != null && jti.isTextual() && revokedJti.test(jti.textValue())) {
                return null;
            }
            return sub.textValue();
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] hmac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }
}
