package io.iron.engine.store.directory;

/**
 * The owners' monthly limits ({@code usage_limits}), read where the reference reads them: an agent with no budget
 * row gets one seeded at its first handshake from what its owner has left this month (handshake step 5).
 */
public final class OwnerLimits {
    private final JdbcCalls jdbc;

    OwnerLimits(JdbcCalls jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * {@code max_cost_microdollars_per_month - current_cost_microdollars_this_month} of the owner's first limits row
     * when the maximum is set and above the current figure; otherwise 0 (also when the owner has no row).
     */
    public long seedableBudgetMicros(String ownerId) {
        if (ownerId == null) {
            return 0;
        }
        return jdbc.one("SELECT max_cost_microdollars_per_month, current_cost_microdollars_this_month"
                + " FROM usage_limits WHERE user_id = ? ORDER BY id LIMIT 1", rs -> {
                    Long max = JdbcCalls.nullableLong(rs, "max_cost_microdollars_per_month");
                    long current = rs.getLong("current_cost_microdollars_this_month");
                    return max != null && max > current ? max - current : 0L;
                }, ownerId).orElse(0L);
    }
}
