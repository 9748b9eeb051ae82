package io.iron.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The money invariants, checked on the rows themselves (a plain JDBC connection, so a check after a crash sees what
 * is on disk). Each check counts; a broken one is reported with its numbers. {@code quiescent} adds the checks that
 * only hold when no request is in flight (after all callers finished, or after recovery).
 */
public final class StoreChecks {

    private final List<String> broken = new ArrayList<>();
    private int checks;

    /** Runs every check; throws an AssertionError listing what is broken, else returns how many checks passed. */
    public static int verify(Connection c, boolean quiescent) throws SQLException {
        StoreChecks s = new StoreChecks();
        s.run(c, quiescent);
        if (!s.broken.isEmpty()) {
            throw new AssertionError(s.broken.size() + " of " + s.checks + " store checks broken:\n  "
                    + String.join("\n  ", s.broken.subList(0, Math.min(30, s.broken.size()))));
        }
        return s.checks;
    }

    private void check(boolean ok, String what) {
        checks++;
        if (!ok) {
            broken.add(what);
        }
    }

    private void run(Connection c, boolean quiescent) throws SQLException {
        // Per lease: figures in range, and the journal's charges add up to budget_spent exactly.
        Map<String, long[]> charges = new HashMap<>(); // leaseId -> {charged, opens, openAmount}
        Map<String, Map<String, Integer>> closings = new HashMap<>(); // leaseId -> reservation -> settle/release count
        Map<String, Set<String>> reserves = new HashMap<>();
        Set<String> expired = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT lease_id, kind, reservation_id, amount_micros"
                + " FROM iron_journal ORDER BY seq"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String lease = rs.getString(1);
                String kind = rs.getString(2);
                String reservation = rs.getString(3);
                long amount = rs.getLong(4);
                long[] v = charges.computeIfAbsent(lease, k -> new long[3]);
                switch (kind) {
                    case "settle", "report", "close", "expire", "reclaim" -> v[0] += amount;
                    case "open" -> {
                        v[1]++;
                        v[2] = amount;
                    }
                    default -> { }
                }
                switch (kind) {
                    case "reserve" -> reserves.computeIfAbsent(lease, k -> new HashSet<>()).add(reservation);
                    case "settle", "release" -> closings.computeIfAbsent(lease, k -> new HashMap<>())
                            .merge(reservation, 1, Integer::sum);
                    case "expire" -> expired.add(lease);
                    default -> { }
                }
            }
        }
        Map<Long, long[]> drawnByAgent = new HashMap<>(); // agent -> {granted - returned}
        try (PreparedStatement s = c.prepareStatement("SELECT id, agent_id, budget_granted, budget_spent,"
                + " COALESCE(returned_amount, 0), lease_status FROM budget_leases"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String lease = rs.getString(1);
                long agent = rs.getLong(2);
                long granted = rs.getLong(3);
                long spent = rs.getLong(4);
                long returned = rs.getLong(5);
                String status = rs.getString(6);
                check(spent >= 0 && returned >= 0 && spent + returned <= granted, "lease " + lease + ": spent " + spent
                        + " + returned " + returned + " not within granted " + granted);
                long[] j = charges.getOrDefault(lease, new long[3]);
                check(j[0] == spent, "lease " + lease + ": journal charges " + j[0] + " != budget_spent " + spent);
                check(j[1] <= 1, "lease " + lease + ": opened " + j[1] + " times in the journal (granted twice)");
                if (j[1] == 1) {
                    check(j[2] == granted, "lease " + lease + ": journal open " + j[2] + " != budget_granted " + granted);
                }
                if (quiescent && !status.equals("active")) {
                    // Once nothing is in flight, a closed lease's grant is all spent or given back.
                    check(spent + returned == granted, "closed lease " + lease + " (" + status + "): spent " + spent
                            + " + returned " + returned + " != granted " + granted);
                }
                drawnByAgent.computeIfAbsent(agent, k -> new long[1])[0] += granted - returned;
            }
        }
        for (Map.Entry<String, Map<String, Integer>> e : closings.entrySet()) {
            for (Map.Entry<String, Integer> r : e.getValue().entrySet()) {
                check(r.getValue() == 1, "lease " + e.getKey() + " reservation " + r.getKey() + " settled or released "
                        + r.getValue() + " times");
                check(reserves.getOrDefault(e.getKey(), Set.of()).contains(r.getKey()), "lease " + e.getKey()
                        + " reservation " + r.getKey() + " settled without a reserve record");
            }
        }
        if (quiescent) {
            for (Map.Entry<String, Set<String>> e : reserves.entrySet()) {
                if (expired.contains(e.getKey())) {
                    continue; // a lapse counted its open reservations as spent
                }
                Map<String, Integer> done = closings.getOrDefault(e.getKey(), Map.of());
                for (String reservation : e.getValue()) {
                    check(done.containsKey(reservation), "lease " + e.getKey() + " reservation " + reservation
                            + " neither settled nor released nor counted at recovery");
                }
            }
        }
        // Per agent: the bank identity, nothing negative, and the leases' draws are exactly total_spent.
        try (PreparedStatement s = c.prepareStatement("SELECT agent_id, total_allocated, total_spent, budget_remaining"
                + " FROM agent_budgets"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long agent = rs.getLong(1);
                long allocated = rs.getLong(2);
                long spent = rs.getLong(3);
                long remaining = rs.getLong(4);
                check(allocated == spent + remaining, "agent " + agent + ": allocated " + allocated + " != spent "
                        + spent + " + remaining " + remaining);
                check(remaining >= 0 && spent <= allocated, "agent " + agent + ": spent " + spent + " over allocated "
                        + allocated + " (remaining " + remaining + ")");
                long drawn = drawnByAgent.getOrDefault(agent, new long[1])[0];
                check(drawn == spent, "agent " + agent + ": leases granted - returned = " + drawn
                        + " != total_spent " + spent);
            }
        }
    }
}
