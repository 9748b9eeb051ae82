package io.iron.proxy.mock;

import java.util.Locale;

/**
 * A failure the mock provider can inject, chosen per request with the header {@code x-mock-fault: <wireName>}
 * or for every request with {@link MockProvider.Options#fault()} / {@link MockProvider#setFault(Fault)}.
 * The header wins over the global setting ({@code x-mock-fault: none} switches a global fault off for one request).
 */
public enum Fault {
    /** Answer normally. */
    NONE("none"),
    /** 500 with the provider's error body (OpenAI {@code server_error}, Anthropic {@code api_error}). Nothing billed. */
    STATUS_500("status500"),
    /** 429 with the provider's rate-limit error body. Nothing billed. */
    STATUS_429("status429"),
    /**
     * Accept the request, send nothing, wait {@link MockProvider.Options#hangMillis()} (or until the mock closes),
     * then drop the connection. Nothing billed.
     */
    HANG("hang"),
    /** Drop the connection without sending any status line. Nothing billed. */
    RESET_BEFORE_BODY("reset-before-body"),
    /**
     * Send the status, headers and about half of the body (for streams: the first half of the content chunks,
     * no finish chunk, no usage, no {@code [DONE]} / {@code message_stop}), then drop the connection.
     * Billed: prompt tokens plus the completion tokens actually sent.
     */
    CUT_MID_STREAM("cut-mid-stream"),
    /**
     * A complete, well-formed answer without any usage record: streams end normally but OpenAI sends no usage chunk
     * even when asked, Anthropic sends no {@code usage} in {@code message_start}/{@code message_delta};
     * non-streamed bodies omit {@code usage}. Billed in full (the provider still charges).
     */
    NO_USAGE("no-usage");

    private final String wireName;

    Fault(String wireName) {
        this.wireName = wireName;
    }

    /** The value of the {@code x-mock-fault} header that selects this fault. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a header or flag value such as {@code cut-mid-stream} (case-insensitive; {@code status-500} and
     * {@code CUT_MID_STREAM} forms are accepted too).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Fault parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Fault f : values()) {
            if (f.wireName.equals(v) || f.wireName.equals(v.replace("-", ""))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown x-mock-fault '" + value + "', expected one of "
                + "none, status500, status429, hang, reset-before-body, cut-mid-stream, no-usage");
    }
}
