package io.iron.proxy;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Limits and timeouts of the agent proxy.
 *
 * @param maxBodyBytes      largest request body accepted (default 10 MiB, the reference's cap); larger → 413
 * @param maxResponseBytes  largest non-streamed upstream answer read (default 64 MiB); streams are never buffered
 * @param connectTimeout    to reach the provider (default 10 s)
 * @param readTimeout       longest wait for the provider's next bytes (default 300 s, the reference's timeout)
 * @param drainBound        how long a stream whose client has gone is still read for its usage record (default 60 s)
 * @param forwardedHeaders  client headers passed on upstream (lower case); everything else, credentials above all,
 *                          is dropped. The default is {@link #DEFAULT_FORWARDED_HEADERS}
 */
public record ProxyOptions(long maxBodyBytes, long maxResponseBytes, Duration connectTimeout, Duration readTimeout,
                           Duration drainBound, Set<String> forwardedHeaders) {

    public static final Set<String> DEFAULT_FORWARDED_HEADERS = Set.of("anthropic-version", "anthropic-beta",
            "openai-organization", "openai-project", "openai-beta", "idempotency-key");

    public ProxyOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(drainBound, "drainBound");
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBodyBytes must be 1.." + (Integer.MAX_VALUE - 8) + ", got "
                    + maxBodyBytes);
        }
        if (maxResponseBytes < 1 || maxResponseBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxResponseBytes must be 1.." + (Integer.MAX_VALUE - 8) + ", got "
                    + maxResponseBytes);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
                || readTimeout.isZero() || drainBound.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive: connectTimeout " + connectTimeout
                    + ", readTimeout " + readTimeout + ", drainBound " + drainBound);
        }
        forwardedHeaders = forwardedHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT))
                .filter(h -> !h.equals("authorization") && !h.equals("x-api-key"))
                .collect(Collectors.toUnmodifiableSet());
    }

    public static ProxyOptions defaults() {
        return new ProxyOptions(10L * 1024 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(10),
                Duration.ofSeconds(300), Duration.ofSeconds(60), DEFAULT_FORWARDED_HEADERS);
    }

    public ProxyOptions withMaxBodyBytes(long v) {
        return new ProxyOptions(v, maxResponseBytes, connectTimeout, readTimeout, drainBound, forwardedHeaders);
    }

    public ProxyOptions withConnectTimeout(Duration v) {
        return new ProxyOptions(maxBodyBytes, maxResponseBytes, v, readTimeout, drainBound, forwardedHeaders);
    }

    public ProxyOptions withReadTimeout(Duration v) {
        return new ProxyOptions(maxBodyBytes, maxResponseBytes, connectTimeout, v, drainBound, forwardedHeaders);
    }

    public ProxyOptions withDrainBound(Duration v) {
        return new ProxyOptions(maxBodyBytes, maxResponseBytes, connectTimeout, readTimeout, v, forwardedHeaders);
    }

    /** Also forwards {@code header} (e.g. a test provider's fault switch). Credentials are never forwarded. */
    public ProxyOptions forwarding(String header) {
        java.util.HashSet<String> s = new java.util.HashSet<>(forwardedHeaders);
        s.add(header);
        return new ProxyOptions(maxBodyBytes, maxResponseBytes, connectTimeout, readTimeout, drainBound, s);
    }
}
