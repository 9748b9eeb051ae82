package io.iron.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodiesTest {

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** Counts the largest read asked of it: a presized read asks for the announced length, not 16 KiB. */
    private static final class Recording extends ByteArrayInputStream {
        int largestAsk;

        Recording(byte[] b) {
            super(b);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            largestAsk = Math.max(largestAsk, len);
            return super.read(b, off, len);
        }
    }

    @Test
    void anAnnouncedBodyIsReadIntoAnArrayOfItsLength() throws IOException {
        byte[] body = bytes(120);
        Recording in = new Recording(body);
        assertArrayEquals(body, Bodies.readBounded(in, OptionalLong.of(120), 10_000));
        assertEquals(120, in.largestAsk, "asked for the announced length, no more");
    }

    @Test
    void withoutALengthTheBodyIsReadToItsEnd() throws IOException {
        byte[] body = bytes(40_000);
        assertArrayEquals(body, Bodies.readBounded(new ByteArrayInputStream(body), OptionalLong.empty(), 100_000));
    }

    @Test
    void aBodyOverTheLimitComesBackOneByteLonger() throws IOException {
        byte[] body = bytes(5_000);
        assertEquals(1_001, Bodies.readBounded(new ByteArrayInputStream(body), OptionalLong.empty(), 1_000).length);
        // An announced length over the limit is not trusted to size anything.
        assertEquals(1_001, Bodies.readBounded(new ByteArrayInputStream(body), OptionalLong.of(5_000), 1_000).length);
    }

    @Test
    void aBodyShorterThanAnnouncedComesBackAsItArrived() throws IOException {
        byte[] body = bytes(50);
        assertArrayEquals(body, Bodies.readBounded(new ByteArrayInputStream(body), OptionalLong.of(80), 1_000));
    }

    @Test
    void aLargeAnnouncementIsNotAllocatedUpFront() throws IOException {
        // A peer announcing 1 MiB and sending 10 bytes: the read grows with what arrived.
        Recording in = new Recording(bytes(10));
        byte[] got = Bodies.readBounded(in, OptionalLong.of(1 << 20), 10 << 20);
        assertArrayEquals(bytes(10), got);
        assertTrue(in.largestAsk <= Bodies.PRESIZED_MAX_BYTES, "asked " + in.largestAsk);
    }

    @Test
    void anImpossibleLimitIsRefused() throws IOException {
        InputStream in = new ByteArrayInputStream(new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> Bodies.readBounded(in, OptionalLong.empty(), -1));
        assertThrows(IllegalArgumentException.class,
                () -> Bodies.readBounded(in, OptionalLong.empty(), Integer.MAX_VALUE));
        assertEquals(0, Bodies.readBounded(in, OptionalLong.of(0), 0).length);
        assertArrayEquals(new byte[0], Bodies.readBounded(in, OptionalLong.empty(), 10));
    }
}
