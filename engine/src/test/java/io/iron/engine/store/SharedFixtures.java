package io.iron.engine.store;

import java.util.EnumMap;
import java.util.Map;

import io.iron.engine.store.db.Dialect;

/**
 * One migrated database per dialect for a whole test class (a PostgreSQL schema costs about a second to migrate);
 * tests keep apart by making their own agents.
 */
public final class SharedFixtures implements AutoCloseable {

    private final Map<Dialect, StoreFixture> fixtures = new EnumMap<>(Dialect.class);

    public synchronized StoreFixture of(Dialect dialect) {
        return fixtures.computeIfAbsent(dialect, StoreFixture::create);
    }

    @Override
    public synchronized void close() {
        fixtures.values().forEach(StoreFixture::close);
        fixtures.clear();
    }
}
