package io.iron.perf.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection of the load generator, used by one caller at a time: it writes a whole request
 * prepared once as bytes and reads the whole response (status line, headers, a {@code Content-Length} or chunked
 * body, or one that ends with the connection), then answers its status. Nothing is parsed that a load generator
 * does not need, so the generator's cost per request stays small next to the servers it measures.
 * A connection the server closed (or that broke) is opened again on the next request.
 */
final class WireClient implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final InetSocketAddress address;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int lim;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    WireClient(URI uri, int connectTimeoutMillis, int readTimeoutMillis) {
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("plain HTTP only, got " + uri);
        }
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** The bytes of a POST of {@code body} to {@code uri} with {@code headers} (plus Host, Content-Length). */
    static byte[] post(URI uri, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(256).append("POST ").append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
        if (uri.getPort() >= 0) {
            head.append(':').append(uri.getPort());
        }
        head.append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** Sends {@code request} and reads the whole answer; returns its status code. */
    int exchange(byte[] request) throws IOException {
        if (socket == null) {
            open();
        }
        try {
            out.write(request);
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, connectTimeoutMillis);
            s.setSoTimeout(readTimeoutMillis);
            in = s.getInputStream();
            out = s.getOutputStream();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        pos = 0;
        lim = 0;
    }

    private int readResponse() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine, 9, 12, 10);
        long length = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        int headBytes = statusLine.length();
        for (String h = line(); !h.isEmpty(); h = line()) {
            headBytes += h.length();
            if (headBytes > MAX_HEAD_BYTES) {
                throw new IOException("response head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + h);
            }
            String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).strip();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            length = 0;
        }
        if (chunked) {
            readChunked();
        } else if (length >= 0) {
            skip(length);
        } else {
            pos = lim;
            while (fill()) {
                pos = lim;
            }
            close = true;
        }
        if (close) {
            close();
        }
        return status;
    }

    private void readChunked() throws IOException {
        while (true) {
            String sizeLine = line();
            int semi = sizeLine.indexOf(';');
            long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return;
            }
            skip(size);
            if (!line().isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    /** Reads (and drops) exactly {@code n} body bytes. */
    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == lim && !fill()) {
                throw new EOFException(n + " body bytes missing");
            }
            int take = (int) Math.min(n, lim - pos);
            pos += take;
            n -= take;
        }
    }

    /** One line without its CRLF (ISO-8859-1). */
    private String line() throws IOException {
        int start = pos;
        while (true) {
            for (int i = start; i < lim; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String s = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    return s;
                }
            }
            start = lim - pos; // where to continue scanning once the line is compacted to the front
            if (!fillKeeping()) {
                throw new EOFException("connection closed inside a line");
            }
        }
    }

    /** Moves the unread bytes to the front and reads more after them; false at end of stream. */
    private boolean fillKeeping() throws IOException {
        int unread = lim - pos;
        if (unread == buf.length) {
            throw new IOException("line longer than " + buf.length + " bytes");
        }
        System.arraycopy(buf, pos, buf, 0, unread);
        pos = 0;
        lim = unread;
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            return false;
        }
        lim += n;
        return true;
    }

    /** Reads more into an empty buffer; false at end of stream. */
    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
