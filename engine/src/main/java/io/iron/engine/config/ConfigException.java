package io.iron.engine.config;

import java.util.List;

/**
 * The server's configuration is missing or wrong and it must not start. Every problem names the setting at fault and
 * how to fix it; all problems are reported at once so an operator fixes them in one round. Never contains a secret.
 */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each naming its variable. */
    public List<String> problems() {
        return problems;
    }

    private static String render(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        if (problems.size() == 1) {
            return problems.getFirst();
        }
        return problems.size() + " configuration problems:\n  - " + String.join("\n  - ", problems);
    }
}
