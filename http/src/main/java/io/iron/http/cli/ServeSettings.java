package io.iron.http.cli;

import io.iron.engine.config.ConfigException;
import io.iron.engine.config.Secrets;
import io.iron.http.admin.AdminAuth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code iron serve} needs, from flags and the environment (D5 names): {@code SERVER_PORT}, {@code DATABASE_URL},
 * the four secrets, {@code IRON_ADMIN_TOKEN} and {@code IRON_LEASE_TTL_SECONDS}. Every problem is collected and
 * reported at once in a {@link ConfigException} naming the variable, before anything starts. In demo mode missing
 * secrets fall back to the public development values (and the admin token to {@link #DEMO_ADMIN_TOKEN}).
 */
public record ServeSettings(int port, String databaseUrl, Secrets secrets, String adminToken, Duration leaseTtl,
                            boolean demo) {

    public static final String DEMO_ADMIN_TOKEN = "iron-demo-admin-token";
    public static final String DEFAULT_DB = "sqlite://./iron.db?mode=rwc";
    public static final String DEMO_DB = "sqlite://./iron-demo.db?mode=rwc";
    static final int ADMIN_TOKEN_MIN_CHARS = 16;
    static final long LEASE_TTL_MAX_SECONDS = 30L * 24 * 3600;

    public static ServeSettings read(Map<String, String> env, Integer portFlag, String dbFlag, boolean demo) {
        List<String> problems = new ArrayList<>();
        int port = 3001;
        if (portFlag != null) {
            port = portFlag;
            if (port < 0 || port > 65535) {
                problems.add("--port must be 0..65535, got " + portFlag);
            }
        } else if (present(env, "SERVER_PORT")) {
            try {
                port = Integer.parseInt(env.get("SERVER_PORT").strip());
                if (port < 0 || port > 65535) {
                    problems.add("SERVER_PORT must be a port number 0..65535, got " + env.get("SERVER_PORT"));
                }
            } catch (NumberFormatException e) {
                problems.add("SERVER_PORT must be a port number 0..65535, got '" + env.get("SERVER_PORT") + "'");
            }
        }
        String db = dbFlag != null ? dbFlag : present(env, "DATABASE_URL") ? env.get("DATABASE_URL").strip()
                : demo ? DEMO_DB : DEFAULT_DB;

        String adminToken = present(env, AdminAuth.ENV) ? env.get(AdminAuth.ENV).strip() : null;
        if (adminToken == null && demo) {
            adminToken = DEMO_ADMIN_TOKEN;
        } else if (adminToken == null) {
            problems.add(AdminAuth.ENV + " is not set: export " + AdminAuth.ENV + "=$(openssl rand -hex 24)"
                    + " (the admin API and the iron command line authenticate with it)");
        } else if (!demo && adminToken.length() < ADMIN_TOKEN_MIN_CHARS) {
            problems.add(AdminAuth.ENV + " is too short (at least " + ADMIN_TOKEN_MIN_CHARS + " characters):"
                    + " export " + AdminAuth.ENV + "=$(openssl rand -hex 24)");
        } else if (!demo && adminToken.equals(DEMO_ADMIN_TOKEN)) {
            problems.add(AdminAuth.ENV + " is set to the public demo value: export " + AdminAuth.ENV
                    + "=$(openssl rand -hex 24)");
        }

        Duration ttl = Duration.ofHours(1);
        if (present(env, "IRON_LEASE_TTL_SECONDS")) {
            try {
                long s = Long.parseLong(env.get("IRON_LEASE_TTL_SECONDS").strip());
                if (s < 0 || s > LEASE_TTL_MAX_SECONDS) {
                    problems.add("IRON_LEASE_TTL_SECONDS must be 0 (leases never lapse) to " + LEASE_TTL_MAX_SECONDS
                            + " (30 days), got " + s);
                }
                ttl = Duration.ofSeconds(s);
            } catch (NumberFormatException e) {
                problems.add("IRON_LEASE_TTL_SECONDS must be a whole number of seconds, got '"
                        + env.get("IRON_LEASE_TTL_SECONDS") + "'");
            }
        }

        Secrets secrets = null;
        try {
            secrets = Secrets.fromEnv(env, demo);
        } catch (ConfigException e) {
            problems.addAll(0, e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ServeSettings(port, db, secrets, adminToken, ttl, demo);
    }

    private static boolean present(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    @Override
    public String toString() {
        return "ServeSettings[port=" + port + ", db=" + databaseUrl + ", leaseTtl=" + leaseTtl + ", demo=" + demo + "]";
    }
}
