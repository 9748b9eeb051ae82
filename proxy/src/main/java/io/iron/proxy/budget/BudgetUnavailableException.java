package io.iron.proxy.budget;

/** The budget cannot be consulted right now (an edge proxy's control server is unreachable): answer 503. */
public final class BudgetUnavailableException extends RuntimeException {
    public BudgetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
