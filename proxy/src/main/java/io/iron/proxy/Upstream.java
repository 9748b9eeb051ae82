package io.iron.proxy;

import io.helidon.webclient.api.ClientUri;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientConfig;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.iron.proxy.route.Api;

import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provider side of the proxy: HTTP/1.1 clients with keep-alive, and per provider base URL and API the resolved
 * target, worked out once instead of on every call. A base URL the JVM's proxy settings send through a proxy uses a
 * client that honours them; any other goes straight, without asking the proxy selector again on every request.
 */
final class Upstream {
    private static final int MAX_TARGETS = 10_000;

    private record Target(Http1Client client, ClientUri uri) { }

    private record TargetKey(URI baseUrl, Api api) { }

    private final Http1Client direct;
    private final Http1Client viaSystemProxy;
    private final ConcurrentHashMap<TargetKey, Target> targets = new ConcurrentHashMap<>();

    Upstream(ProxyOptions options) {
        this.direct = builder(options).proxy(Proxy.noProxy()).build();
        this.viaSystemProxy = builder(options).build(); // Helidon's default: the JVM's proxy settings
    }

    private static Http1ClientConfig.Builder builder(ProxyOptions options) {
        return Http1Client.builder()
                .connectTimeout(options.connectTimeout())
                .readTimeout(options.readTimeout())
                .followRedirects(false)
                .keepAlive(true)
                .socketOptions(s -> s.tcpNoDelay(true));
    }

    /** A POST of {@code api} to the provider of {@code key}. */
    Http1ClientRequest post(ProviderKey key, Api api) {
        Target t = targets.get(new TargetKey(key.baseUrl(), api));
        if (t == null) {
            t = resolve(key, api);
        }
        return t.client().post().uri(t.uri());
    }

    private Target resolve(ProviderKey key, Api api) {
        URI uri = URI.create(key.apiRoot() + api.path());
        Target t = new Target(usesSystemProxy(uri) ? viaSystemProxy : direct, ClientUri.create(uri));
        if (targets.size() >= MAX_TARGETS) {
            targets.clear();
        }
        targets.put(new TargetKey(key.baseUrl(), api), t);
        return t;
    }

    private static boolean usesSystemProxy(URI uri) {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return false;
        }
        try {
            List<java.net.Proxy> proxies = selector.select(uri);
            return proxies != null && !proxies.isEmpty() && !proxies.getFirst().equals(java.net.Proxy.NO_PROXY);
        } catch (RuntimeException e) {
            return true; // let the client that honours the settings deal with it
        }
    }
}
