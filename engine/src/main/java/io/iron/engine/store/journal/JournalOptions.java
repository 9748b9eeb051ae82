package io.iron.engine.store.journal;

/**
 * Limits of the {@link GroupCommitJournal}. {@code queueCapacity}: appends (one actor's records each) waiting for the
 * writer; when full, appenders block until the writer catches up (backpressure, never an unbounded queue).
 * {@code maxBatchRecords}: records written per transaction at most (one append is never split, so a batch may pass
 * it by one append's records).
 */
public record JournalOptions(int queueCapacity, int maxBatchRecords) {

    public static JournalOptions defaults() {
        return new JournalOptions(16_384, 8_192);
    }

    public JournalOptions {
        if (queueCapacity < 1 || maxBatchRecords < 1) {
            throw new IllegalArgumentException("queueCapacity and maxBatchRecords must be at least 1, were "
                    + queueCapacity + " and " + maxBatchRecords);
        }
    }
}
