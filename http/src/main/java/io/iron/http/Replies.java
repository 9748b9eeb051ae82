package io.iron.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** Writes JSON answers. */
public final class Replies {
    private Replies() {
    }

    public static void json(ServerResponse res, Status status, Object body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(JsonCodec.write(body));
    }

    public static void ok(ServerResponse res, Object body) {
        json(res, Status.OK_200, body);
    }

    public static void error(ServerResponse res, ApiError e) {
        if (e.retryAfterSeconds() != null) {
            res.header(HeaderNames.RETRY_AFTER, e.retryAfterSeconds());
        }
        json(res, e.status(), e.body());
    }
}
