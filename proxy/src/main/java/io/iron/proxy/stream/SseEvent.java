package io.iron.proxy.stream;

import java.util.List;

/**
 * One server-sent event as it came from upstream: its raw lines (without the blank line that ends it), its
 * {@code event:} name (null when absent) and its {@code data:} lines joined with newlines (null when none).
 */
public record SseEvent(List<String> lines, String name, String data) {

    static SseEvent of(List<String> lines) {
        String name = null;
        StringBuilder data = null;
        for (String line : lines) {
            if (line.startsWith("event:")) {
                name = value(line, 6);
            } else if (line.startsWith("data:")) {
                if (data == null) {
                    data = new StringBuilder();
                } else {
                    data.append('\n');
                }
                data.append(value(line, 5));
            }
        }
        return new SseEvent(List.copyOf(lines), name, data == null ? null : data.toString());
    }

    private static String value(String line, int from) {
        return line.length() > from && line.charAt(from) == ' ' ? line.substring(from + 1) : line.substring(from);
    }

    /** The event as it goes on the wire, ending with the blank line. */
    public String wireText() {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        return sb.append('\n').toString();
    }
}
