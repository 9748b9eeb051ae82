package io.iron.proxy.stream;

import io.iron.proxy.usage.Usage;

import java.util.Optional;

/** Watches a provider stream go by and picks up its usage record (D9). */
public interface StreamMeter {

    void observe(SseEvent event);

    /** The complete usage record, once the stream has sent it. */
    Optional<Usage> usage();

    /** Whether any content event went by: a stream that failed before one was never billed. */
    boolean generated();
}
