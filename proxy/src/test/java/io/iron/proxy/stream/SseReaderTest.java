package io.iron.proxy.stream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SseReaderTest {

    /** Hands out one byte per read: every line and event is split across reads. */
    private static InputStream trickle(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[i++];
                return 1;
            }
        };
    }

    private static List<SseEvent> all(InputStream in) throws IOException {
        SseReader r = new SseReader(in, 1024);
        List<SseEvent> out = new ArrayList<>();
        SseEvent e;
        while ((e = r.next()) != null) {
            out.add(e);
        }
        return out;
    }

    @Test
    void eventsSplitAcrossReadsWithLfCrlfAndCrLineEndsComeOutWhole() throws IOException {
        List<SseEvent> events = all(trickle("event: message_start\r\ndata: {\"a\":\"é\"}\r\n\r\n"
                + "data: one\rdata: two\r\r" + ": comment\n\ndata: [DONE]\n\n"));

        assertEquals(4, events.size());
        assertEquals("message_start", events.get(0).name());
        assertEquals("{\"a\":\"é\"}", events.get(0).data());
        assertEquals("one\ntwo", events.get(1).data());
        assertNull(events.get(2).data());
        assertEquals("data: [DONE]\n\n", events.get(3).wireText());
    }

    @Test
    void anUnfinishedLastEventIsDropped() throws IOException {
        List<SseEvent> events = all(new ByteArrayInputStream("data: 1\n\ndata: 2".getBytes(StandardCharsets.UTF_8)));

        assertEquals(1, events.size());
        assertEquals("1", events.getFirst().data());
    }

    @Test
    void aLineOverTheLimitIsAnError() {
        String huge = "data: " + "x".repeat(2000) + "\n\n";
        assertThrows(IOException.class, () -> all(new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))));
    }
}
