package io.iron.proxy.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an upstream SSE body into events as the bytes arrive, never holding more than one event. Lines end with
 * LF, CRLF or CR. A line longer than {@code maxLineBytes} is an error (no provider sends one; a broken upstream must
 * not fill the heap).
 */
public final class SseReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private boolean lastWasCr;

    public SseReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next complete event, or null at the end of the body (an unfinished last event is dropped). */
    public SseEvent next() throws IOException {
        List<String> lines = new ArrayList<>(4);
        while (true) {
            String line = readLine();
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                if (!lines.isEmpty()) {
                    return SseEvent.of(lines);
                }
                continue;
            }
            lines.add(line);
        }
    }

    /** True when nothing more has arrived yet: the moment to flush what was written to the client. */
    public boolean drained() throws IOException {
        return pos >= limit && in.available() <= 0;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = null;
        int start = pos;
        while (true) {
            if (pos >= limit) {
                if (pos > start) {
                    line = append(line, start, pos);
                }
                if (!fill()) {
                    return line == null ? null : line.toString(StandardCharsets.UTF_8);
                }
                start = pos;
            }
            byte b = buf[pos];
            if (lastWasCr) {
                lastWasCr = false;
                if (b == '\n') {
                    pos++;
                    start = pos;
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                line = append(line, start, pos);
                lastWasCr = b == '\r';
                pos++;
                return line.toString(StandardCharsets.UTF_8);
            }
            pos++;
        }
    }

    private ByteArrayOutputStream append(ByteArrayOutputStream line, int from, int to) throws IOException {
        ByteArrayOutputStream out = line == null ? new ByteArrayOutputStream(Math.max(16, to - from)) : line;
        if (out.size() + (to - from) > maxLineBytes) {
            throw new IOException("upstream sent an SSE line longer than " + maxLineBytes + " bytes");
        }
        out.write(buf, from, to - from);
        return out;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
