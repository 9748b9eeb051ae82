package io.iron.proxy;

import io.iron.proxy.mock.MockProvider;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * D9: a client that leaves mid-stream does not stop the provider from billing the whole answer, so the proxy reads
 * the rest of the stream (discarding it) and settles the usage record it ends with.
 */
class ClientDisconnectTest {
    private static final String STREAM = """
            {"model":"gpt-4o-mini","max_tokens":100,"stream":true,\
            "messages":[{"role":"user","content":"Hello, mock!"}]}""";

    @Test
    void aClientThatLeavesMidStreamIsChargedWhatTheDrainedStreamSaysItCost() throws Exception {
        // 40 tokens in 20 pieces, 40 ms apart: about 0.8 s of stream after the client has gone
        MockProvider.Options slow = MockProvider.Options.defaults().withCompletionTokens(40).withChunks(20)
                .withChunkDelayMillis(40);
        try (ProxyHarness h = new ProxyHarness(10_000_000, slow, ProxyOptions.defaults()
                .withReadTimeout(Duration.ofSeconds(5)).withDrainBound(Duration.ofSeconds(30)))) {
            leaveAfterTwoPieces(h);

            h.awaitNoReservation();

            assertEquals(40, h.mock.completionTokensBilled(), "the provider generated the whole answer");
            assertEquals(h.mockCostMicros("gpt-4o-mini"), h.spentMicros(), "settled from the drained usage record");
            assertEquals(24, h.spentMicros()); // 4 prompt tokens (0 µ$) + 40 completion tokens at 0.6 µ$
        }
    }

    @Test
    void whenTheDrainBoundRunsOutFirstTheFullReservationIsCharged() throws Exception {
        MockProvider.Options slow = MockProvider.Options.defaults().withCompletionTokens(40).withChunks(20)
                .withChunkDelayMillis(40);
        try (ProxyHarness h = new ProxyHarness(10_000_000, slow, ProxyOptions.defaults()
                .withReadTimeout(Duration.ofSeconds(5)).withDrainBound(Duration.ZERO))) {
            long reserved = leaveAfterTwoPieces(h);

            h.awaitNoReservation();

            assertTrue(reserved > 24);
            assertEquals(reserved, h.spentMicros(), "no usage record could be had: the full reservation (D9)");
        }
    }

    /** Starts a stream on a raw socket, reads two content pieces, closes; answers the reservation in flight. */
    private static long leaveAfterTwoPieces(ProxyHarness h) throws Exception {
        long reserved = 0;
        {
            try (Socket socket = new Socket("127.0.0.1", h.server.port())) {
                byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + h.icToken + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                assertTrue(in.readLine().startsWith("HTTP/1.1 200"));
                String line;
                int contentChunks = 0;
                while ((line = in.readLine()) != null && contentChunks < 2) {
                    if (line.contains("\"content\":\"")) {
                        contentChunks++;
                    }
                }
                assertEquals(2, contentChunks, "the stream had started");
                reserved = h.reservedMicros();
                assertTrue(reserved > 0, "the call is in flight");
            } // the client leaves here, about 2 of 20 pieces in
        }
        return reserved;
    }
}
