package io.iron.engine.token;

/**
 * The {@code agent_id} of a verified IC token is not {@code agent_<positive i64>} (handshake step 3, answered with
 * 400). The message is the reference's exact client text.
 */
public final class InvalidAgentIdException extends RuntimeException {

    /** Which of the two reference messages applies. */
    public enum Reason {
        /** Text after {@code agent_} is not a base-10 i64 (empty, letters, overflow, or no prefix at all). */
        NOT_NUMERIC("Invalid agent_id - must be numeric"),
        /** Numeric but ≤ 0 ({@code agent_0}, {@code agent_-1}). */
        NOT_POSITIVE("Invalid agent_id - must be positive");

        private final String clientMessage;

        Reason(String clientMessage) {
            this.clientMessage = clientMessage;
        }

        public String clientMessage() {
            return clientMessage;
        }
    }

    private final Reason reason;

    InvalidAgentIdException(Reason reason) {
        super(reason.clientMessage(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
