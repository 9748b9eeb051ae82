package io.iron.engine.journal;

/**
 * One money event of one lease, in the order the agent's actor applied it. {@code reservationId} is 0 and
 * {@code requestId} null where they do not apply.
 */
public record JournalRecord(long agentId, String leaseId, Kind kind, long reservationId, String requestId,
                            long amountMicros, long overrunMicros, long atMillis) {

    /** The kinds, spelled as in the {@code iron_journal.kind} column. */
    public enum Kind {
        OPEN("open"), RESERVE("reserve"), SETTLE("settle"), RELEASE("release"), REPORT("report"),
        CLOSE("close"), EXPIRE("expire"), RECLAIM("reclaim");

        private final String column;

        Kind(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }

        public static Kind fromColumn(String s) {
            for (Kind k : values()) {
                if (k.column.equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown journal kind '" + s + "'");
        }
    }
}
