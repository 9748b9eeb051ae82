package io.iron.engine.store.bank;

/**
 * Who reclaimed a lease and why, carried in the one text field that {@code AgentCommand.Reclaim} and
 * {@code LeaseClose.reason} have: {@code "<actor>: <why>"}. {@link SqlBank#close} splits it into the
 * {@code iron_lease_reclaims} columns {@code actor} and {@code reason}; text without an actor is recorded with actor
 * {@value #UNKNOWN_ACTOR}.
 */
public record ReclaimReason(String actor, String why) {

    public static final String UNKNOWN_ACTOR = "unknown";

    public ReclaimReason {
        if (actor == null || actor.isBlank() || actor.contains(": ")) {
            throw new IllegalArgumentException("reclaim actor must be non-blank and must not contain ': ', was '" + actor + "'");
        }
        why = why == null ? "" : why;
    }

    /** The text to put in {@code AgentCommand.Reclaim(leaseId, reason)}. */
    public String encode() {
        return actor + ": " + why;
    }

    public static ReclaimReason decode(String text) {
        if (text == null) {
            return new ReclaimReason(UNKNOWN_ACTOR, "");
        }
        int colon = text.indexOf(": ");
        return colon <= 0 ? new ReclaimReason(UNKNOWN_ACTOR, text)
                : new ReclaimReason(text.substring(0, colon), text.substring(colon + 2));
    }
}
