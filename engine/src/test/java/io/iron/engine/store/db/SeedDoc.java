package io.iron.engine.store.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed document's database statements, extracted verbatim: every {@code sqlite3 iron.db "..."} command in its
 * {@code ```bash} blocks (bash's {@code \"} inside double quotes becomes {@code "}), and the SQL and master key of its
 * Python key-storing snippet.
 */
public record SeedDoc(Path file, List<Command> commands, String pythonKeyUpdateSql, String masterKeyBase64) {

    public static final String FILE_NAME = "000_28dd6a89d240ab3f.txt";

    /**
     * One {@code sqlite3 iron.db "..."} command.
     *
     * @param heading      the Markdown heading the command's block sits under, e.g. "2. Database Setup"
     * @param shellCommand the command line as written, from {@code sqlite3} to the end of the line (with any
     *                     {@code 2>/dev/null || true})
     * @param sql          the SQL text the shell hands to sqlite3
     */
    public record Command(String heading, String shellCommand, String sql) {
        /** The seed runs it with {@code || true}: failing (e.g. the column already exists) is expected and fine. */
        public boolean failureTolerated() {
            return shellCommand.contains("|| true");
        }
    }

    private static final String SQLITE3 = "sqlite3 iron.db \"";
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final Pattern PYTHON_SQL = Pattern.compile("conn\\.execute\\(\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
    private static final Pattern MASTER_KEY = Pattern.compile("master_key_b64 = \"([^\"]+)\"");

    /** Reads the seed doc from the shared folder (found by walking up from the working directory). */
    public static SeedDoc load() {
        return parse(locate());
    }

    static SeedDoc parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the seed doc " + file, e);
        }
        List<Command> commands = new ArrayList<>();
        String pythonSql = null;
        String masterKey = null;
        String heading = "";
        String fence = null;
        StringBuilder block = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("```")) {
                if (fence == null) {
                    fence = line.substring(3).strip();
                    block.setLength(0);
                } else {
                    if (fence.equals("bash")) {
                        commands.addAll(sqlite3Commands(heading, block.toString()));
                    } else if (fence.equals("python") && block.indexOf("UPDATE ai_provider_keys") >= 0) {
                        Matcher sql = PYTHON_SQL.matcher(block);
                        Matcher key = MASTER_KEY.matcher(block);
                        if (sql.find() && key.find()) {
                            pythonSql = sql.group(1).strip();
                            masterKey = key.group(1);
                        }
                    }
                    fence = null;
                }
                continue;
            }
            if (fence != null) {
                block.append(line).append('\n');
            } else {
                Matcher h = HEADING.matcher(line);
                if (h.matches()) {
                    heading = h.group(1).strip();
                }
            }
        }
        if (pythonSql == null) {
            throw new IllegalStateException("the seed doc " + file + " has no Python block with UPDATE ai_provider_keys");
        }
        return new SeedDoc(file, List.copyOf(commands), pythonSql, masterKey);
    }

    /** The commands whose block sits under a heading containing {@code headingPart}. */
    public List<Command> under(String headingPart) {
        return commands.stream().filter(c -> c.heading().contains(headingPart)).toList();
    }

    private static List<Command> sqlite3Commands(String heading, String block) {
        List<Command> found = new ArrayList<>();
        int at = block.indexOf(SQLITE3);
        while (at >= 0) {
            StringBuilder sql = new StringBuilder();
            int i = at + SQLITE3.length();
            for (; i < block.length(); i++) {
                char c = block.charAt(i);
                if (c == '\\' && i + 1 < block.length() && "$`\"\\\n".indexOf(block.charAt(i + 1)) >= 0) {
                    // Inside bash double quotes a backslash escapes only these five; \<newline> joins lines.
                    char next = block.charAt(++i);
                    if (next != '\n') {
                        sql.append(next);
                    }
                } else if (c == '"') {
                    break;
                } else {
                    sql.append(c);
                }
            }
            int endOfLine = block.indexOf('\n', i);
            String shellCommand = block.substring(at, endOfLine < 0 ? block.length() : endOfLine);
            found.add(new Command(heading, shellCommand, sql.toString()));
            at = block.indexOf(SQLITE3, i + 1);
        }
        return found;
    }

    /** Walks up from the working directory to the folder that has {@code shared/seed/<FILE_NAME>}. */
    static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("seed").resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("seed doc shared/seed/" + FILE_NAME + " not found in any parent of "
                + Path.of("").toAbsolutePath() + "; the seed test needs the project's shared folder beside the worktree");
    }
}
