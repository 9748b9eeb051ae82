package io.iron.perf.http;

import java.time.Duration;

/**
 * Knobs of the handshake→return load run, from {@code -Dname=value} system properties.
 *
 * @param agents  distinct agents the clients cycle over (each has its own actor)
 * @param clients concurrent clients (virtual threads), each doing one cycle at a time
 * @param warmup  cycles before this are not measured
 * @param measure measured duration
 * @param grantMicros what each handshake asks for
 * @param pg      a PostgreSQL server URL: the run uses a fresh schema there (dropped after); empty = a fresh SQLite
 *                file in a temp directory
 * @param sqliteSynchronousFull SQLite {@code synchronous=FULL} (the server's default) or NORMAL ({@code -Dsync=normal})
 * @param inMemoryMoney bank, journal and ledgers in memory ({@code -Dstack=memory}; agents and keys stay in the
 *                      database): the HTTP, token and actor cost without the money writes
 */
record LoadSettings(int agents, int clients, Duration warmup, Duration measure, long grantMicros, String pg,
                    boolean sqliteSynchronousFull, boolean inMemoryMoney) {

    static LoadSettings fromSystemProperties() {
        return new LoadSettings(
                Integer.getInteger("agents", 200),
                Integer.getInteger("clients", 32),
                Duration.ofSeconds(Long.getLong("warmupSeconds", 5)),
                Duration.ofSeconds(Long.getLong("seconds", 20)),
                Long.getLong("grantMicros", 1_000),
                System.getProperty("pg", ""),
                !"normal".equalsIgnoreCase(System.getProperty("sync", "full")),
                "memory".equalsIgnoreCase(System.getProperty("stack", "db")));
    }
}
