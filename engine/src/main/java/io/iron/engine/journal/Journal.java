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

    /**
     * Completes once every record appended before this call is committed and its effects on the store's own tables
     * (a lease's {@code budget_spent}, the reservations in flight) are written too. A durable journal may let those
     * tables trail its records for a moment under load; an actor calls this before a bank operation on a lease and
     * before it loads its ledger from the store.
     */
    default CompletableFuture<Void> applied() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    default void close() {
    }
}
