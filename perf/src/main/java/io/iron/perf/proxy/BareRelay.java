package io.iron.perf.proxy;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientUri;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.iron.proxy.Bodies;
import io.iron.proxy.ProxyOptions;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * The floor under the proxy: a Helidon WebServer route that forwards the request's bytes to one upstream URL with
 * the Helidon WebClient and answers the upstream's bytes, built like the proxy's server and client (virtual threads,
 * keep-alive, TCP_NODELAY, no proxy selector) but with nothing else: no authentication, no JSON, no budget, no
 * journal. What it costs next to a direct call is the extra HTTP hop; what the proxy costs beyond it is Iron's work.
 */
final class BareRelay implements AutoCloseable {
    private final WebServer server;
    private final Http1Client client;

    private BareRelay(WebServer server, Http1Client client) {
        this.server = server;
        this.client = client;
    }

    /** Relays {@code POST path} on a free loopback port to {@code upstream}, passing the Authorization header on. */
    static BareRelay start(String path, URI upstream, ProxyOptions options) {
        Http1Client client = Http1Client.builder()
                .connectTimeout(options.connectTimeout())
                .readTimeout(options.readTimeout())
                .followRedirects(false)
                .keepAlive(true)
                .socketOptions(s -> s.tcpNoDelay(true))
                .proxy(Proxy.noProxy())
                .build();
        ClientUri target = ClientUri.create(upstream);
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .routing(r -> r.post(path, (req, res) -> relay(client, target, req, res)))
                .build()
                .start();
        return new BareRelay(server, client);
    }

    private static void relay(Http1Client client, ClientUri target, ServerRequest req, ServerResponse res)
            throws IOException {
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = Bodies.readBounded(in, req.headers().contentLength(), Integer.MAX_VALUE - 8); // as the proxy reads
        }
        var rq = client.post().uri(target).header(HeaderNames.CONTENT_TYPE, "application/json");
        req.headers().first(HeaderNames.AUTHORIZATION).ifPresent(v -> rq.header(HeaderNames.AUTHORIZATION, v));
        try (HttpClientResponse up = rq.submit(body); InputStream in = up.inputStream()) {
            byte[] answer = Bodies.readBounded(in, up.headers().contentLength(), Integer.MAX_VALUE - 8);
            res.status(Status.create(up.status().code()));
            up.headers().first(HeaderNames.CONTENT_TYPE).ifPresent(v -> res.header(HeaderNames.CONTENT_TYPE, v));
            res.send(answer);
        }
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        client.closeResource();
    }
}
