package io.iron.http.cli;

import io.iron.proxy.mock.MockProvider;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The demo's LLM provider: the proxy module's mock, started in this process, so the demo's calls work with no
 * internet and no real key.
 */
final class MockUpstream implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MockUpstream.class.getName());

    private final MockProvider provider;

    private MockUpstream(MockProvider provider) {
        this.provider = provider;
    }

    static Optional<MockUpstream> start() {
        try {
            return Optional.of(new MockUpstream(MockProvider.start()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the mock provider did not start; the demo keys point at the real providers", e);
            return Optional.empty();
        }
    }

    /** {@code http://127.0.0.1:PORT}: the base URL form the proxy appends {@code /v1/...} to. */
    String baseUrl() {
        return provider.baseUrl();
    }

    String apiKey() {
        return provider.options().apiKey();
    }

    @Override
    public void close() {
        provider.close();
    }
}
