package io.iron.engine.token;

import static io.iron.engine.token.InvalidIcTokenException.Reason.AGENT_ID_PREFIX;
import static io.iron.engine.token.InvalidIcTokenException.Reason.AUDIENCE_PRESENT;
import static io.iron.engine.token.InvalidIcTokenException.Reason.BAD_ALGORITHM;
import static io.iron.engine.token.InvalidIcTokenException.Reason.BAD_CLAIM_TYPE;
import static io.iron.engine.token.InvalidIcTokenException.Reason.BAD_SIGNATURE;
import static io.iron.engine.token.InvalidIcTokenException.Reason.EXPIRED;
import static io.iron.engine.token.InvalidIcTokenException.Reason.MALFORMED;
import static io.iron.engine.token.InvalidIcTokenException.Reason.MISSING_CLAIM;
import static io.iron.engine.token.InvalidIcTokenException.Reason.TOO_LONG;
import static io.iron.engine.token.InvalidIcTokenException.Reason.WRONG_ISSUER;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.JwkKeys;
import io.helidon.security.jwt.jwk.JwkOctet;
import jakarta.json.Json;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * IC tokens: the HS256 JWTs that identify an agent at the handshake (PROTOCOL part 2 §2.1, D2).
 *
 * <p>Issuing is a hand-rolled JWS (javax.crypto HmacSHA256 + base64url) so that the output is byte-for-byte what the
 * reference emits: header {@code {"typ":"JWT","alg":"HS256"}} and the payload keys in the reference's order. Helidon's
 * JWT builder can produce neither (its header is {@code {"alg","typ"}} and it reorders the payload).
 *
 * <p>Verification uses helidon-security-jwt for the signature (HMAC over the received {@code header.payload} bytes,
 * constant-time compare via {@code MessageDigest.isEqual}), after our own strict checks that Helidon does not make:
 * exactly three canonical base64url segments and header {@code alg} exactly HS256 (Helidon would fall back to the
 * default key for a missing {@code alg}). Claims are then checked with the reference's types and rules.
 *
 * <p>Thread-safe; one instance per secret.
 */
public final class IcTokens {

    public static final String ISSUER = "iron-control-panel";
    public static final List<String> PERMISSIONS = List.of("llm:call", "analytics:write");
    /** Same bound as the handshake's {@code ic_token} field: longer tokens are not parsed at all. */
    public static final int MAX_TOKEN_BYTES = 2000;
    public static final String AGENT_PREFIX = "agent_";

    private static final String ALGORITHM = "HS256";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final Pattern B64URL_SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern ASCII_I64 = Pattern.compile("[+-]?[0-9]+");
    /** The reference's header, in the reference's field order. */
    private static final String HEADER_SEGMENT = B64URL.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(UTF_8));
    /** Like serde_json: duplicate keys and trailing garbage are errors, not last-one-wins. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final SecretKeySpec macKey;
    private final JwkOctet jwk;
    private final JwkKeys noKeysById;
    private final InstantSource clock;

    /** @param secret the UTF-8 bytes of {@code IC_TOKEN_SECRET}; copied, must not be empty */
    public IcTokens(byte[] secret) {
        this(secret, InstantSource.system());
    }

    /** As {@link #IcTokens(byte[])} with the clock that stamps {@code iat} and decides expiry. */
    public IcTokens(byte[] secret, InstantSource clock) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length == 0) {
            throw new IllegalArgumentException("IC token secret must not be empty (IC_TOKEN_SECRET)");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.macKey = new SecretKeySpec(secret, "HmacSHA256");
        this.jwk = JwkOctet.create(Json.createObjectBuilder()
                .add("kty", "oct")
                .add("kid", "ic-token") // Helidon requires a kid on a JWK; tokens never need to name it
                .add("alg", ALGORITHM)
                .add("k", B64URL.encodeToString(secret))
                .build());
        // kid is ignored like the reference does: no key is looked up by kid, the one secret is the default.
        this.noKeysById = JwkKeys.builder().build();
    }

    /**
     * Issues a token for {@code agent_<agentId>} with the reference claims, {@code iat} = now in seconds.
     *
     * @param agentId       positive agent id ({@code agents.id})
     * @param expiresAtSecs epoch seconds after which the token is refused, or {@code null} for a long-lived token
     *                      (the {@code exp} claim is then omitted, as in the reference)
     */
    public String issue(long agentId, Long expiresAtSecs) {
        if (agentId <= 0) {
            throw new IllegalArgumentException("agentId must be positive, got " + agentId);
        }
        if (expiresAtSecs != null && expiresAtSecs < 0) {
            throw new IllegalArgumentException("expiresAtSecs must be >= 0, got " + expiresAtSecs);
        }
        long iatSecs = clock.instant().getEpochSecond();
        // Key order is the reference's serde order: agent_id, budget_id, iat, [exp], iss, permissions.
        String payload = "{\"agent_id\":\"" + AGENT_PREFIX + agentId + "\""
                + ",\"budget_id\":\"budget_" + agentId + "\""
                + ",\"iat\":" + iatSecs
                + (expiresAtSecs == null ? "" : ",\"exp\":" + expiresAtSecs)
                + ",\"iss\":\"" + ISSUER + "\""
                + ",\"permissions\":[\"llm:call\",\"analytics:write\"]}";
        String signingInput = HEADER_SEGMENT + "." + B64URL.encodeToString(payload.getBytes(UTF_8));
        return signingInput + "." + B64URL.encodeToString(hmac(signingInput));
    }

    /**
     * Verifies signature and claims (PROTOCOL §2.1).
     *
     * @throws InvalidIcTokenException for any failure; its message is always "Invalid IC Token"
     */
    public Verified verify(String token) {
        if (token == null || token.isEmpty()) {
            throw new InvalidIcTokenException(MALFORMED, "empty token");
        }
        // All legal token characters are ASCII, so chars > limit already means bytes > limit.
        if (token.length() > MAX_TOKEN_BYTES || token.getBytes(UTF_8).length > MAX_TOKEN_BYTES) {
            throw new InvalidIcTokenException(TOO_LONG, "token longer than " + MAX_TOKEN_BYTES + " bytes");
        }
        String[] segments = token.split("\\.", -1);
        if (segments.length != 3) {
            throw new InvalidIcTokenException(MALFORMED, "expected 3 dot-separated segments, got " + segments.length);
        }
        byte[] headerBytes = decodeSegment(segments[0], "header");
        byte[] payloadBytes = decodeSegment(segments[1], "payload");
        decodeSegment(segments[2], "signature");

        JsonNode header = parseObject(headerBytes, "header");
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual()) {
            throw new InvalidIcTokenException(BAD_ALGORITHM, "header alg missing or not a string");
        }
        if (!ALGORITHM.equals(alg.textValue())) {
            throw new InvalidIcTokenException(BAD_ALGORITHM, "header alg is not HS256");
        }
        verifySignature(token);

        JsonNode payload = parseObject(payloadBytes, "payload");
        Verified verified = claims(payload);
        long nowSecs = clock.instant().getEpochSecond();
        if (verified.expSecs() != null && nowSecs > verified.expSecs()) {
            throw new InvalidIcTokenException(EXPIRED, "exp " + verified.expSecs() + " < now " + nowSecs);
        }
        if (!verified.agentIdText().startsWith(AGENT_PREFIX)) {
            throw new InvalidIcTokenException(AGENT_ID_PREFIX, "agent_id does not start with " + AGENT_PREFIX);
        }
        return verified;
    }

    /**
     * The numeric agent id of a verified token's {@code agent_id} (handshake step 3): the text after {@code agent_}
     * as a base-10 i64 with an optional sign, ASCII digits only (Rust's {@code str::parse::<i64>}).
     *
     * @throws InvalidAgentIdException NOT_NUMERIC (also when the prefix is missing) or NOT_POSITIVE
     */
    public static long parseAgentNumber(String agentIdText) {
        if (agentIdText == null || !agentIdText.startsWith(AGENT_PREFIX)) {
            throw new InvalidAgentIdException(InvalidAgentIdException.Reason.NOT_NUMERIC);
        }
        String digits = agentIdText.substring(AGENT_PREFIX.length());
        if (!ASCII_I64.matcher(digits).matches()) {
            throw new InvalidAgentIdException(InvalidAgentIdException.Reason.NOT_NUMERIC);
        }
        long number;
        try {
            number = Long.parseLong(digits);
        } catch (NumberFormatException overflow) {
            throw new InvalidAgentIdException(InvalidAgentIdException.Reason.NOT_NUMERIC);
        }
        if (number <= 0) {
            throw new InvalidAgentIdException(InvalidAgentIdException.Reason.NOT_POSITIVE);
        }
        return number;
    }

    /** Lowercase hex SHA-256 of the token's UTF-8 bytes: the value of {@code agents.ic_token_hash} (D15). */
    public static String tokenHash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /**
     * The claims of a token that passed {@link #verify}.
     *
     * @param agentIdText "agent_..." exactly as in the token (parse it with {@link #parseAgentNumber})
     * @param budgetId    legacy claim, carried but unused
     * @param iatSecs     issued-at, epoch seconds (a future iat is accepted, as in the reference)
     * @param expSecs     expiry, epoch seconds, or null for a long-lived token
     * @param permissions as in the token
     */
    public record Verified(String agentIdText, String budgetId, long iatSecs, Long expSecs, List<String> permissions) {
        public Verified {
            permissions = List.copyOf(permissions);
        }

        /** Shorthand for {@code parseAgentNumber(agentIdText())}. */
        public long agentNumber() {
            return parseAgentNumber(agentIdText);
        }
    }

    private void verifySignature(String token) {
        boolean valid;
        try {
            valid = SignedJwt.parseToken(token).verifySignature(noKeysById, jwk).isValid();
        } catch (RuntimeException e) {
            throw new InvalidIcTokenException(MALFORMED, "not parseable as a JWS");
        }
        if (!valid) {
            throw new InvalidIcTokenException(BAD_SIGNATURE, "HMAC-SHA256 does not match");
        }
    }

    /**
     * Decodes one segment, requiring the canonical unpadded base64url form (as the reference's base64 crate does):
     * otherwise up to four different last characters of a signature would decode to the same bytes and verify.
     */
    private static byte[] decodeSegment(String segment, String name) {
        if (!B64URL_SEGMENT.matcher(segment).matches()) {
            throw new InvalidIcTokenException(MALFORMED, name + " is empty or not base64url");
        }
        byte[] bytes;
        try {
            bytes = B64URL_DECODER.decode(segment);
        } catch (IllegalArgumentException e) {
            throw new InvalidIcTokenException(MALFORMED, name + " has an impossible base64url length");
        }
        if (!B64URL.encodeToString(bytes).equals(segment)) {
            throw new InvalidIcTokenException(MALFORMED, name + " is not canonical base64url (non-zero trailing bits)");
        }
        return bytes;
    }

    private static JsonNode parseObject(byte[] json, String name) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new InvalidIcTokenException(MALFORMED, name + " is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidIcTokenException(MALFORMED, name + " is not a JSON object");
        }
        return node;
    }

    /** The reference's serde types (String, String, u64, Option&lt;u64&gt;, String, Vec&lt;String&gt;), then iss. */
    private static Verified claims(JsonNode payload) {
        String agentId = requiredText(payload, "agent_id");
        String budgetId = requiredText(payload, "budget_id");
        long iat = unsigned(required(payload, "iat"), "iat");
        JsonNode expNode = payload.get("exp");
        Long exp = expNode == null || expNode.isNull() ? null : unsigned(expNode, "exp");
        String iss = requiredText(payload, "iss");
        JsonNode permsNode = required(payload, "permissions");
        if (!permsNode.isArray()) {
            throw new InvalidIcTokenException(BAD_CLAIM_TYPE, "permissions is not an array");
        }
        List<String> permissions = new ArrayList<>(permsNode.size());
        for (JsonNode p : permsNode) {
            if (!p.isTextual()) {
                throw new InvalidIcTokenException(BAD_CLAIM_TYPE, "permissions has a non-string element");
            }
            permissions.add(p.textValue());
        }
        JsonNode aud = payload.get("aud");
        if (aud != null && !aud.isNull()) {
            throw new InvalidIcTokenException(AUDIENCE_PRESENT, "aud claim present");
        }
        if (!ISSUER.equals(iss)) {
            throw new InvalidIcTokenException(WRONG_ISSUER, "iss is not " + ISSUER);
        }
        return new Verified(agentId, budgetId, iat, exp, permissions);
    }

    private static JsonNode required(JsonNode payload, String claim) {
        JsonNode node = payload.get(claim);
        if (node == null || node.isNull()) {
            throw new InvalidIcTokenException(MISSING_CLAIM, claim + " missing");
        }
        return node;
    }

    private static String requiredText(JsonNode payload, String claim) {
        JsonNode node = required(payload, claim);
        if (!node.isTextual()) {
            throw new InvalidIcTokenException(BAD_CLAIM_TYPE, claim + " is not a string");
        }
        return node.textValue();
    }

    /** A JSON integer in 0..Long.MAX_VALUE (the reference's u64 also allows up to 2^64-1; we refuse those). */
    private static long unsigned(JsonNode node, String claim) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new InvalidIcTokenException(BAD_CLAIM_TYPE, claim + " is not a non-negative integer");
        }
        return node.longValue();
    }

    private byte[] hmac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            return mac.doFinal(signingInput.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }
}
