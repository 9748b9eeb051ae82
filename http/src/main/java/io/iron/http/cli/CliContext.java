package io.iron.http.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What a command runs against: the environment (variables are read from here, never from System.getenv directly, so
 * tests can pass their own), where to print, and the signal that stops {@code iron serve} (SIGTERM in production, the
 * test in tests).
 */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, CountDownLatch stop) {

    public String env(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
