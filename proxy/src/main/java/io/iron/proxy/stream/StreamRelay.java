package io.iron.proxy.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Moves an upstream SSE body to the client event by event, writing each one as it arrives and flushing whenever
 * upstream has nothing more ready (no whole-body buffering). The meter sees every event, also after the client has
 * gone: then the rest of the upstream stream is read and discarded, for at most {@code drainBound}, so that its
 * usage record can still be settled (D9).
 */
public final class StreamRelay {

    /**
     * How the relay ended. {@code upstreamCompleted}: the upstream body ended normally. {@code upstreamFailure}: it
     * broke (reset, timeout, an over-long line). {@code clientGone}: a write to the client failed. {@code drainCut}:
     * the drain bound was reached before upstream ended.
     */
    public record Outcome(boolean upstreamCompleted, IOException upstreamFailure, boolean clientGone,
                          boolean drainCut) {
    }

    private StreamRelay() {
    }

    public static Outcome relay(SseReader upstream, StreamMeter meter, StreamTransform transform,
                                OutputStream client, Duration drainBound) {
        boolean clientGone = false;
        long drainDeadline = 0;
        boolean unflushed = false;
        try {
            SseEvent event;
            while ((event = upstream.next()) != null) {
                meter.observe(event);
                if (clientGone) {
                    if (System.nanoTime() - drainDeadline > 0) {
                        return new Outcome(false, null, true, true);
                    }
                    continue;
                }
                String out = transform.onEvent(event);
                try {
                    if (out != null) {
                        client.write(out.getBytes(StandardCharsets.UTF_8));
                        unflushed = true;
                    }
                    if (unflushed && upstream.drained()) {
                        client.flush();
                        unflushed = false;
                    }
                } catch (IOException | RuntimeException e) {
                    clientGone = true;
                    drainDeadline = System.nanoTime() + drainBound.toNanos();
                }
            }
            if (!clientGone) {
                clientGone = !flushQuietly(client);
            }
            return new Outcome(true, null, clientGone, false);
        } catch (IOException | RuntimeException e) {
            // Helidon reports a connection closed mid-body as an unchecked exception, not always an IOException.
            IOException cause = e instanceof IOException io ? io
                    : e instanceof UncheckedIOException u ? u.getCause() : new IOException(e.toString(), e);
            if (!clientGone) {
                // Tell the client the answer is incomplete rather than letting it look finished.
                try {
                    client.write(transform.errorEvent("The provider's stream broke off before it finished: "
                            + cause.getMessage()).getBytes(StandardCharsets.UTF_8));
                    client.flush();
                } catch (IOException | RuntimeException gone) {
                    clientGone = true;
                }
            }
            return new Outcome(false, cause, clientGone, false);
        }
    }

    private static boolean flushQuietly(OutputStream client) {
        try {
            client.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
