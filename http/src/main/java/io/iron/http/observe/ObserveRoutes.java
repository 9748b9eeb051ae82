package io.iron.http.observe;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.iron.engine.store.db.Database;
import io.iron.http.Replies;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/health} (the reference's path; also {@code /health}) and {@code GET /metrics} (Prometheus text).
 * Health answers 200 when the database answers, 503 otherwise.
 */
public final class ObserveRoutes {
    private final ServerMetrics metrics;
    private final Database database;
    private final String version;

    public ObserveRoutes(ServerMetrics metrics, Database database, String version) {
        this.metrics = metrics;
        this.database = database;
        this.version = version;
    }

    public void register(HttpRouting.Builder routing) {
        routing.get("/api/health", this::health)
                .get("/health", this::health)
                .get("/metrics", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    res.send(metrics.scrape());
                });
    }

    private void health(io.helidon.webserver.http.ServerRequest req, io.helidon.webserver.http.ServerResponse res) {
        boolean dbUp;
        try (Connection c = database.reader().getConnection()) {
            dbUp = c.isValid(2);
        } catch (Exception e) {
            dbUp = false;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", dbUp ? "healthy" : "unhealthy");
        body.put("version", version);
        body.put("database", dbUp ? "up" : "down");
        Replies.json(res, dbUp ? io.helidon.http.Status.OK_200 : io.helidon.http.Status.SERVICE_UNAVAILABLE_503, body);
    }
}
