package io.iron.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.iron.engine.actor.ActorBusyException;
import io.iron.engine.store.db.DatabaseException;

import java.lang.System.Logger.Level;

/**
 * Turns whatever a handler throws into a JSON answer: {@link ApiError} as it says; a full agent mailbox → 503 with
 * {@code Retry-After}; a database failure → 500 "Database error"; anything else → 500 "Internal server error". The
 * last two are logged with their stack trace here; a client never sees one.
 */
public final class ErrorReplies {
    private static final System.Logger LOG = System.getLogger(ErrorReplies.class.getName());

    private ErrorReplies() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiError.class, (req, res, e) -> Replies.error(res, e))
                .error(ActorBusyException.class, (req, res, e) ->
                        Replies.error(res, ApiError.busy("Agent is busy, retry later", 1)))
                .error(DatabaseException.class, (req, res, e) -> {
                    LOG.log(Level.ERROR, req.prologue().method().text() + " " + req.path().rawPath() + ": "
                            + e.reason() + ": " + e.getMessage(), e);
                    Replies.error(res, ApiError.of(Status.INTERNAL_SERVER_ERROR_500, "Database error"));
                })
                .error(Throwable.class, (req, res, e) -> {
                    LOG.log(Level.ERROR, req.prologue().method().text() + " " + req.path().rawPath() + " failed", e);
                    Replies.error(res, ApiError.of(Status.INTERNAL_SERVER_ERROR_500, "Internal server error"));
                });
    }
}
