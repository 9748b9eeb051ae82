package io.iron.engine.token;

/**
 * An IC token failed verification. Clients only ever see {@link #CLIENT_MESSAGE}; the {@link Reason} and
 * {@link #detail()} are for logs. Neither ever contains the token, the secret or claim values taken from the token.
 *
 * <p>No stack trace is captured: a flood of forged tokens must not cost a stack walk each.
 */
public final class InvalidIcTokenException extends RuntimeException {

    /** The one message a client gets for any bad IC token (and, at the handshake, for an unknown agent). */
    public static final String CLIENT_MESSAGE = "Invalid IC Token";

    /** Why verification failed, for logs and tests. */
    public enum Reason {
        /** Token longer than {@link IcTokens#MAX_TOKEN_BYTES}: refused before parsing. */
        TOO_LONG,
        /** Not three canonical base64url segments, or header/payload not a JSON object. */
        MALFORMED,
        /** Header {@code alg} missing or not exactly HS256. */
        BAD_ALGORITHM,
        /** HMAC-SHA256 over the received header.payload does not match. */
        BAD_SIGNATURE,
        /** A required claim (agent_id, budget_id, iat, iss, permissions) is absent or null. */
        MISSING_CLAIM,
        /** A claim has the wrong JSON type or range (e.g. iat not a non-negative integer). */
        BAD_CLAIM_TYPE,
        /** An {@code aud} claim is present; the reference's jsonwebtoken 9 rejects it too. */
        AUDIENCE_PRESENT,
        /** {@code iss} is not iron-control-panel. */
        WRONG_ISSUER,
        /** {@code exp} is present and now_secs &gt; exp. */
        EXPIRED,
        /** {@code agent_id} does not start with {@code agent_}. */
        AGENT_ID_PREFIX
    }

    private final Reason reason;
    private final String detail;

    InvalidIcTokenException(Reason reason, String detail) {
        super(CLIENT_MESSAGE, null, false, false);
        this.reason = reason;
        this.detail = detail;
    }

    public Reason reason() {
        return reason;
    }

    /** A short internal explanation naming the field at fault; safe to log. */
    public String detail() {
        return detail;
    }

    /** {@code reason: detail}, for a log line. */
    public String logMessage() {
        return reason + ": " + detail;
    }
}
