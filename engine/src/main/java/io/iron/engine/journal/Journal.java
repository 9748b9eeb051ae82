package io.iron.engine.journal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sees every money event in order. The durable implementation is a single writer that group-commits: many actors'
 * records per transaction. An actor answers its callers only once the future of their records has completed.
 */
public interface Journal extends AutoCloseable {

    /** Appends records (one actor's, in order); the future completes when they are durable. */
    CompletableFuture<Void> append(List<JournalRecord> records);

    @Override
    default void close() {
    }
}
