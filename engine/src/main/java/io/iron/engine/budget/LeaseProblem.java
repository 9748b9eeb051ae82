package io.iron.engine.budget;

/** Why a lease cannot take a command; each maps to one reference status code and message. */
public enum LeaseProblem {
    /** 404 "Lease not found". */
    NOT_FOUND("Lease not found"),
    /** 403 "Lease expired" (past its TTL, or replaced by a refresh). */
    EXPIRED("Lease expired"),
    /** 403 "Lease has been revoked". */
    REVOKED("Lease has been revoked"),
    /** Closed by a return: 403 for report/refresh, 400 "Lease is not active" for return. */
    NOT_ACTIVE("Lease is not active");

    private final String message;

    LeaseProblem(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
