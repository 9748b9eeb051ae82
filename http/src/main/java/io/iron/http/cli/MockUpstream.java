package io.iron.http.cli;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The demo's LLM provider: the proxy module's mock (io.iron.proxy.mock.MockProvider), started in this process, so the
 * demo's calls work with no internet and no real key. Looked up by name because the mock lands on this branch only
 * when the proxy module does; when it is absent the demo keys keep the providers' real base URLs.
 */
final class MockUpstream implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MockUpstream.class.getName());
    private static final String CLASS = "io.iron.proxy.mock.MockProvider";

    private final Object provider;
    private final String baseUrl;
    private final String apiKey;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private MockUpstream(Object provider, String baseUrl, String apiKey) {
        this.provider = provider;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    static Optional<MockUpstream> start() {
        try {
            Class<?> type = Class.forName(CLASS);
            Object provider = type.getMethod("start").invoke(null);
            String baseUrl = (String) type.getMethod("baseUrl").invoke(provider);
            Object options = type.getMethod("options").invoke(provider);
            String apiKey = (String) options.getClass().getMethod("apiKey").invoke(options);
            return Optional.of(new MockUpstream(provider, baseUrl, apiKey));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "the mock provider did not start; the demo keys point at the real providers", e);
            return Optional.empty();
        }
    }

    /** {@code http://127.0.0.1:PORT}: the base URL form the proxy appends {@code /v1/...} to. */
    String baseUrl() {
        return baseUrl;
    }

    String apiKey() {
        return apiKey;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            provider.getClass().getMethod("close").invoke(provider);
        } catch (ReflectiveOperationException e) {
            LOG.log(Level.WARNING, "stopping the mock provider failed", e);
        }
    }
}
