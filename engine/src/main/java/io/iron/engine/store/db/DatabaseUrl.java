package io.iron.engine.store.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A parsed {@code DATABASE_URL}. Accepted forms:
 * <ul>
 *   <li>{@code sqlite://./iron.db?mode=rwc} (the reference's sqlx form), {@code sqlite:/path/x.db},
 *       {@code sqlite:///abs/x.db}, {@code jdbc:sqlite:/path/x.db}, or a bare path ending in .db/.sqlite/.sqlite3;
 *       a relative path is relative to the working directory;</li>
 *   <li>{@code postgresql://user:password@host:5432/db?sslmode=...}, {@code postgres://...},
 *       {@code jdbc:postgresql://host:5432/db?user=...&password=...}.</li>
 * </ul>
 */
public sealed interface DatabaseUrl permits DatabaseUrl.Sqlite, DatabaseUrl.Postgres {

    String EXAMPLES = "sqlite://./iron.db?mode=rwc, /var/lib/iron/iron.db or postgresql://user@host:5432/db";

    Dialect dialect();

    /** Where the data lives, for messages and logs; never contains a password. */
    String display();

    /**
     * A SQLite file.
     *
     * @param file           absolute, normalized path of the database file
     * @param createIfMissing false for {@code mode=rw}: the file must already exist
     */
    record Sqlite(Path file, boolean createIfMissing) implements DatabaseUrl {
        @Override
        public Dialect dialect() {
            return Dialect.SQLITE;
        }

        @Override
        public String display() {
            return file.toString();
        }

        /** The sqlite-jdbc URL for this file (pragmas are set through SQLiteConfig, not the URL). */
        public String jdbcUrl() {
            return "jdbc:sqlite:" + file;
        }
    }

    /**
     * A PostgreSQL database.
     *
     * @param user       null when the URL names none (the driver then uses the OS user name)
     * @param password   null when the URL has none (trust or peer auth, or ~/.pgpass)
     * @param parameters other query parameters, passed to the JDBC driver unchanged (sslmode, currentSchema, ...)
     */
    record Postgres(String host, int port, String database, String user, String password,
                    Map<String, String> parameters) implements DatabaseUrl {
        public Postgres {
            parameters = Map.copyOf(parameters);
        }

        @Override
        public Dialect dialect() {
            return Dialect.POSTGRESQL;
        }

        /** {@code host:port}, the way unreachable-server messages name it. */
        public String hostAndPort() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        @Override
        public String display() {
            return "postgresql://" + (user == null ? "" : user + "@") + hostAndPort() + "/" + database;
        }

        public String jdbcUrl() {
            String query = parameters.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                    .collect(Collectors.joining("&"));
            return "jdbc:postgresql://" + hostAndPort() + "/" + encode(database) + (query.isEmpty() ? "" : "?" + query);
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    /** Parses a DATABASE_URL; relative SQLite paths resolve against the working directory. */
    static DatabaseUrl parse(String raw) {
        return parse(raw, Path.of("").toAbsolutePath());
    }

    /** Parses a DATABASE_URL; relative SQLite paths resolve against {@code workingDirectory}. */
    static DatabaseUrl parse(String raw, Path workingDirectory) {
        if (raw == null || raw.isBlank()) {
            throw badUrl("DATABASE_URL is empty; set it to a database location, e.g. " + EXAMPLES);
        }
        String url = raw.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            return sqlite(url, url.substring("jdbc:sqlite:".length()), workingDirectory);
        }
        if (lower.startsWith("sqlite:")) {
            String rest = url.substring("sqlite:".length());
            return sqlite(url, rest.startsWith("//") ? rest.substring(2) : rest, workingDirectory);
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return postgres(url, "postgresql:" + url.substring("jdbc:postgresql:".length()));
        }
        if (lower.startsWith("postgresql:") || lower.startsWith("postgres:")) {
            return postgres(url, url);
        }
        if (lower.endsWith(".db") || lower.endsWith(".sqlite") || lower.endsWith(".sqlite3")) {
            return sqlite(url, url, workingDirectory);
        }
        throw badUrl("DATABASE_URL '" + masked(url) + "' is not a database location Iron understands; use e.g. " + EXAMPLES);
    }

    private static Sqlite sqlite(String url, String pathAndQuery, Path workingDirectory) {
        int q = pathAndQuery.indexOf('?');
        String pathText = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : queryParameters(pathAndQuery.substring(q + 1));
        if (pathText.startsWith("file:")) {
            pathText = pathText.substring("file:".length());
        }
        if (pathText.isEmpty() || pathText.equals(":memory:") || pathText.startsWith(":memory:")
                || "memory".equalsIgnoreCase(query.get("mode"))) {
            throw badUrl("DATABASE_URL '" + url + "' asks for an in-memory SQLite database; Iron keeps money in a file. "
                    + "Name a file, e.g. sqlite://./iron.db?mode=rwc");
        }
        String mode = query.getOrDefault("mode", "rwc").toLowerCase(Locale.ROOT);
        boolean create = switch (mode) {
            case "rwc" -> true;
            case "rw" -> false;
            case "ro" -> throw badUrl("DATABASE_URL '" + url + "' opens the database read-only (mode=ro); "
                    + "the server writes to it. Use mode=rwc (create if missing) or mode=rw");
            default -> throw badUrl("DATABASE_URL '" + url + "' has mode=" + mode + "; use mode=rwc (create if missing) or mode=rw");
        };
        try {
            Path path = Path.of(pathText);
            return new Sqlite(workingDirectory.resolve(path).toAbsolutePath().normalize(), create);
        } catch (InvalidPathException e) {
            throw badUrl("DATABASE_URL '" + url + "' does not name a valid file path: " + e.getMessage());
        }
    }

    private static Postgres postgres(String original, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw badUrl("DATABASE_URL '" + masked(original) + "' is not a valid PostgreSQL URL (" + e.getReason()
                    + "); expected postgresql://user:password@host:5432/database");
        }
        if (uri.getRawAuthority() != null && uri.getHost() == null) {
            throw badUrl("DATABASE_URL '" + masked(original) + "' has no valid host (several hosts are not supported); "
                    + "expected postgresql://user:password@host:5432/database");
        }
        String host = uri.getHost() == null ? "localhost" : stripBrackets(uri.getHost());
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        Map<String, String> parameters = new LinkedHashMap<>(uri.getRawQuery() == null ? Map.of() : queryParameters(uri.getRawQuery()));
        String user = parameters.remove("user");
        String password = parameters.remove("password");
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0) {
                password = decode(info.substring(colon + 1));
            }
        }
        if (database.isEmpty()) {
            throw badUrl("DATABASE_URL '" + masked(original) + "' names no database; expected postgresql://user@"
                    + host + ":" + port + "/<database>");
        }
        return new Postgres(host, port, database, user == null || user.isEmpty() ? null : user, password, parameters);
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            out.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        // Percent-decoding only: a '+' in a password is a plus, not a space.
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The URL with any password replaced by ***, for messages. */
    private static String masked(String url) {
        return url.replaceAll("(://[^:/@?#]*:)[^@/?#]*@", "$1***@")
                .replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    private static DatabaseException badUrl(String message) {
        return new DatabaseException(DatabaseException.Reason.BAD_URL, message);
    }
}
