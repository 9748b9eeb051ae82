package io.iron.http.budget;

import io.helidon.http.Status;
import io.iron.engine.budget.LeaseProblem;
import io.iron.engine.budget.LeaseStatus;
import io.iron.http.ApiError;
import io.iron.http.BudgetBook;

/** The reference's answers for a lease that cannot take a command (D11: closed, expired and revoked are refused). */
final class LeaseRefusals {
    private LeaseRefusals() {
    }

    /**
     * The actor knows only the leases it holds in memory; for one it no longer holds, the row's status says what
     * became of it (a closed lease is NOT_ACTIVE, a refreshed or lapsed one EXPIRED, a reclaimed one REVOKED).
     */
    static LeaseProblem resolve(LeaseProblem problem, String leaseId, BudgetBook book) {
        if (problem != LeaseProblem.NOT_FOUND) {
            return problem;
        }
        return book.leaseStatus(leaseId).map(status -> switch (status) {
            case ACTIVE, CLOSED -> LeaseProblem.NOT_ACTIVE;
            case EXPIRED -> LeaseProblem.EXPIRED;
            case REVOKED -> LeaseProblem.REVOKED;
        }).orElse(LeaseProblem.NOT_FOUND);
    }

    static ApiError notFound() {
        return ApiError.of(Status.NOT_FOUND_404, LeaseProblem.NOT_FOUND.message());
    }

    /** Report and refresh: 404 when missing, otherwise 403 with the problem's message. */
    static ApiError forbidden(LeaseProblem problem) {
        return problem == LeaseProblem.NOT_FOUND ? notFound() : ApiError.of(Status.FORBIDDEN_403, problem.message());
    }

    /** Return: 404 when missing, otherwise 400 "Lease is not active" (a double return is a 400, as the reference). */
    static ApiError notReturnable(LeaseProblem problem) {
        return problem == LeaseProblem.NOT_FOUND ? notFound()
                : ApiError.badRequest(LeaseProblem.NOT_ACTIVE.message());
    }
}
