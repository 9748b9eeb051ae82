package io.iron.engine.store.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** Runs a seed-doc command against {@code iron.db}: through the sqlite3 shell as the doc does, or through JDBC. */
sealed interface SeedRunner permits SeedRunner.Cli, SeedRunner.Jdbc {

    /** What a command printed (rows as "a|b|c") and whether it succeeded. */
    record Outcome(boolean succeeded, List<String> output, String error) {
    }

    Outcome run(SeedDoc.Command command);

    /** The {@code sqlite3} executable on PATH, if any. */
    static Optional<Path> sqlite3OnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "sqlite3");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The doc's command line, run as is by bash in the database's directory (so "iron.db" is our file). */
    record Cli(Path directory) implements SeedRunner {
        @Override
        public Outcome run(SeedDoc.Command command) {
            try {
                Process process = new ProcessBuilder("bash", "-c", command.shellCommand()).directory(directory.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Outcome(false, List.of(), "sqlite3 did not finish within 30 s");
                }
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                return new Outcome(process.exitValue() == 0, out.lines().toList(), err.strip());
            } catch (IOException e) {
                return new Outcome(false, List.of(), "cannot run bash: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(false, List.of(), "interrupted");
            }
        }
    }

    /**
     * The command's SQL, statement by statement, on connections of {@code source} (autocommit, like the shell).
     * Stops at the first failing statement, like {@code sqlite3 db "..."} does.
     */
    record Jdbc(DataSource source) implements SeedRunner {
        @Override
        public Outcome run(SeedDoc.Command command) {
            List<String> output = new ArrayList<>();
            try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
                for (String statement : statements(command.sql())) {
                    if (s.execute(statement)) {
                        try (ResultSet rs = s.getResultSet()) {
                            int columns = rs.getMetaData().getColumnCount();
                            while (rs.next()) {
                                StringJoiner row = new StringJoiner("|");
                                for (int i = 1; i <= columns; i++) {
                                    String value = rs.getString(i);
                                    row.add(value == null ? "" : value);
                                }
                                output.add(row.toString());
                            }
                        }
                    }
                }
                return new Outcome(true, output, "");
            } catch (SQLException e) {
                return new Outcome(false, output, e.getMessage());
            }
        }

        /** Splits SQL text on ';' outside quotes and comments; drops empty pieces. */
        static List<String> statements(String sql) {
            List<String> out = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            char quote = 0;
            for (int i = 0; i < sql.length(); i++) {
                char c = sql.charAt(i);
                if (quote != 0) {
                    current.append(c);
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    current.append(c);
                } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                    int end = sql.indexOf('\n', i);
                    i = end < 0 ? sql.length() : end;
                    current.append('\n');
                } else if (c == ';') {
                    add(out, current);
                } else {
                    current.append(c);
                }
            }
            add(out, current);
            return out;
        }

        private static void add(List<String> out, StringBuilder current) {
            String statement = current.toString().strip();
            if (!statement.isEmpty()) {
                out.add(statement);
            }
            current.setLength(0);
        }
    }
}
