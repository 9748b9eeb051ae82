package io.iron.http.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;

/** Human-readable lines for the admin commands' answers. */
final class Printing {
    private Printing() {
    }

    static String usd(JsonNode micros) {
        return micros == null || micros.isNull() || micros.isMissingNode() ? "-" : UsdAmount.format(micros.asLong())
                + " (" + micros.asLong() + " µ$)";
    }

    static void json(PrintWriter out, JsonNode node) {
        out.println(node == null ? "{}" : node.toPrettyString());
    }

    static void agent(PrintWriter out, JsonNode a) {
        JsonNode b = a.path("budget");
        out.printf("agent %d  %s  providers %s  provider key %s  IC token %s%n", a.path("id").asLong(),
                a.path("name").asText(), a.path("providers"), a.path("provider_key_id").isNull() ? "-"
                        : a.path("provider_key_id").asText(), a.path("has_ic_token").asBoolean() ? "issued" : "none");
        if (!b.isNull() && !b.isMissingNode()) {
            out.printf("  allocated %s  drawn %s  remaining %s%n", usd(b.path("total_allocated")),
                    usd(b.path("total_spent")), usd(b.path("budget_remaining")));
        }
    }

    static void usage(PrintWriter out, JsonNode u) {
        out.printf("agent %d  %s%n", u.path("agent_id").asLong(), u.path("name").asText());
        out.printf("  allocated %s  drawn %s  remaining %s%n", usd(u.path("allocated_microdollars")),
                usd(u.path("drawn_microdollars")), usd(u.path("remaining_microdollars")));
        out.printf("  spent %s  reserved %s  open leases %d%n", usd(u.path("spent_microdollars")),
                usd(u.path("reserved_microdollars")), u.path("open_lease_count").asInt());
        for (JsonNode l : u.path("open_leases")) {
            out.printf("    %s  granted %s  spent %s  reserved %s%s%n", l.path("lease_id").asText(),
                    usd(l.path("granted_microdollars")), usd(l.path("spent_microdollars")),
                    usd(l.path("reserved_microdollars")), l.path("house").asBoolean() ? "  (proxy)" : "");
        }
    }

    static void key(PrintWriter out, JsonNode k) {
        out.printf("provider key %d  %s  %s  %s%s%n", k.path("id").asLong(), k.path("provider").asText(),
                k.path("masked_key").asText(), k.path("base_url").isNull() ? "(default base URL)"
                        : k.path("base_url").asText(), k.path("is_enabled").asBoolean() ? "" : "  DISABLED");
    }
}
