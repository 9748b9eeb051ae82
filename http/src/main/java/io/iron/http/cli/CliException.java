package io.iron.http.cli;

/** A command failed in a way the user can fix; the message says how. Printed without a stack trace, exit code 1. */
public final class CliException extends RuntimeException {
    public CliException(String message) {
        super(message, null, false, false);
    }
}
