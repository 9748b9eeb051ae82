package io.iron.proxy.edge;

import io.iron.proxy.Provider;
import io.iron.proxy.ProxyOptions;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of an edge proxy ({@code iron proxy}): the seed's LlmRouter done right.
 *
 * @param controlUrl     the control server, e.g. {@code http://127.0.0.1:3001}
 * @param icToken        the agent's IC token: sent in handshakes, and the only API key the edge accepts
 * @param port           where the edge listens on 127.0.0.1 (0: a free port)
 * @param ipTokenKeyHex  {@code IP_TOKEN_KEY}, 64 hex characters, shared with the control server (D16)
 * @param provider       the provider whose key the handshakes open (one lease per handshake is per provider)
 * @param baseUrls       provider API roots to use instead of the public ones (tests, private gateways)
 * @param trancheMicros  how much each handshake asks for (the reference's default is $10, 10_000_000 µ$)
 * @param proxy          the agent proxy's own limits and timeouts
 */
public record EdgeOptions(URI controlUrl, String icToken, int port, String ipTokenKeyHex, Provider provider,
                          Map<Provider, URI> baseUrls, long trancheMicros, ProxyOptions proxy) {

    public EdgeOptions {
        Objects.requireNonNull(controlUrl, "controlUrl");
        Objects.requireNonNull(icToken, "icToken");
        Objects.requireNonNull(ipTokenKeyHex, "ipTokenKeyHex");
        Objects.requireNonNull(provider, "provider");
        baseUrls = Map.copyOf(baseUrls);
        Objects.requireNonNull(proxy, "proxy");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (trancheMicros < 1 || trancheMicros > ControlClient.MAX_HANDSHAKE_MICROS) {
            throw new IllegalArgumentException("trancheMicros must be 1.." + ControlClient.MAX_HANDSHAKE_MICROS
                    + " (the handshake's limit), got " + trancheMicros);
        }
    }

    /** An edge for {@code provider} at the public API, asking $10 per handshake, with default proxy limits. */
    public static EdgeOptions of(URI controlUrl, String icToken, int port, String ipTokenKeyHex, Provider provider) {
        return new EdgeOptions(controlUrl, icToken, port, ipTokenKeyHex, provider, Map.of(), 10_000_000,
                ProxyOptions.defaults());
    }

    public EdgeOptions withBaseUrl(Provider p, URI baseUrl) {
        Map<Provider, URI> m = new java.util.HashMap<>(baseUrls);
        m.put(p, baseUrl);
        return new EdgeOptions(controlUrl, icToken, port, ipTokenKeyHex, provider, m, trancheMicros, proxy);
    }

    public EdgeOptions withTrancheMicros(long v) {
        return new EdgeOptions(controlUrl, icToken, port, ipTokenKeyHex, provider, baseUrls, v, proxy);
    }

    public EdgeOptions withProxy(ProxyOptions v) {
        return new EdgeOptions(controlUrl, icToken, port, ipTokenKeyHex, provider, baseUrls, trancheMicros, v);
    }

    @Override
    public String toString() {
        return "EdgeOptions[controlUrl=" + controlUrl + ", port=" + port + ", provider=" + provider + ", baseUrls="
                + baseUrls + ", trancheMicros=" + trancheMicros + "]"; // never the IC token or the key
    }
}
