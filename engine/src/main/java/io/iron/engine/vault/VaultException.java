package io.iron.engine.vault;

/**
 * A stored provider key could not be opened. {@link #getMessage()} is the reference's client text (a 500 at the
 * handshake); {@link #reason()} says what exactly went wrong, for logs. Never carries key material.
 */
public final class VaultException extends RuntimeException {

    /** What went wrong, with the reference message a client gets for it. */
    public enum Reason {
        /** {@code encrypted_api_key} or {@code encryption_nonce} is not standard base64. */
        BAD_BASE64("Key storage error"),
        /** The nonce does not decode to exactly 12 bytes. */
        BAD_NONCE_LENGTH("Failed to decrypt provider key"),
        /** GCM authentication failed: wrong master key or tampered row. */
        DECRYPT_FAILED("Failed to decrypt provider key"),
        /** Decrypted bytes are not UTF-8. */
        NOT_UTF8("Failed to decrypt provider key");

        private final String clientMessage;

        Reason(String clientMessage) {
            this.clientMessage = clientMessage;
        }

        public String clientMessage() {
            return clientMessage;
        }
    }

    private final Reason reason;

    VaultException(Reason reason) {
        super(reason.clientMessage());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "VaultException[" + reason + "]: " + getMessage();
    }
}
