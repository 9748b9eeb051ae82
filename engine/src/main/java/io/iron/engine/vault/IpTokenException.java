package io.iron.engine.vault;

/** An IP token could not be opened. The message is the reference's text for the {@link Reason}; never key material. */
public final class IpTokenException extends RuntimeException {

    /** The reference's decrypt errors (ip_token.rs), with its messages. */
    public enum Reason {
        INVALID_FORMAT("Invalid IP Token format (expected: AES256:{IV}:{ciphertext}:{tag})"),
        INVALID_BASE64("Invalid base64 encoding"),
        INVALID_NONCE_LENGTH("Invalid nonce length: must be 12 bytes"),
        INVALID_TAG_LENGTH("Invalid auth tag length: must be 16 bytes"),
        DECRYPTION_FAILED("Decryption failed: wrong key or tampered data"),
        INVALID_UTF8("Decrypted data is not valid UTF-8");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    private final Reason reason;

    IpTokenException(Reason reason) {
        super(reason.message());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
