package io.iron.http;

import io.helidon.logging.common.LogConfig;
import io.iron.http.cli.CliContext;
import io.iron.http.cli.IronCommand;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar iron.jar ...}: the {@code iron} command line. SIGTERM stops {@code iron serve} gracefully. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // HikariCP logs through SLF4J, which has no binding here; say so explicitly instead of three warning lines.
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
        LogConfig.configureRuntime();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("iron-shutdown").unstarted(() -> {
            stop.countDown();
            try {
                // Give `serve` the time to stop listening and close the registry, journal and database.
                stopped.await(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        CliContext ctx = new CliContext(System.getenv(),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), stop);
        int code;
        try {
            code = IronCommand.run(ctx, args);
        } finally {
            stopped.countDown();
        }
        System.exit(code);
    }
}
