package io.iron.http.agentproxy;

import io.iron.proxy.ShortCache;

import io.iron.engine.store.directory.AgentRow;
import io.iron.engine.store.directory.Directory;

import java.util.Optional;

/**
 * The directory's agent rows as the proxy sees them: each read at most once per {@link #CACHE_MILLIS}, shared by the
 * IC-token check and the key choice, so a change to an agent (a regenerated or revoked token, another key) shows on
 * the proxy within that time.
 */
final class AgentRows {
    static final long CACHE_MILLIS = 1_000;

    private final Directory directory;
    private final ShortCache<Long, Optional<AgentRow>> rows = new ShortCache<>(CACHE_MILLIS, 100_000);

    AgentRows(Directory directory) {
        this.directory = directory;
    }

    Optional<AgentRow> find(long agentId) {
        return rows.get(agentId, id -> directory.agents().find(id));
    }
}
