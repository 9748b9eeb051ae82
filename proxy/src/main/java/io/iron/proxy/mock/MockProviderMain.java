package io.iron.proxy.mock;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link MockProvider} until killed, for manual use and perf runs:
 * {@code java -cp proxy/target/iron-proxy.jar:proxy/target/libs/* io.iron.proxy.mock.MockProviderMain --port 8089}.
 * Dependency-free flag parsing on purpose (picocli is not on the proxy's classpath).
 */
public final class MockProviderMain {
    static final String USAGE = """
            usage: MockProviderMain [--port N] [--host ADDR] [--api-key KEY] [--delay-ms N] [--chunk-delay-ms N]
                                    [--completion-tokens N] [--chunks N] [--fault NAME]
              --port               listen port, 0 = any free port (default 8089)
              --host               bind address (default 127.0.0.1)
              --api-key            the accepted provider key (default sk-mock)
              --delay-ms           wait before the first byte of each answer (default 0)
              --chunk-delay-ms     wait before each streamed piece (default 0)
              --completion-tokens  cap on generated tokens per answer (default 500)
              --chunks             text pieces per stream (default 8)
              --fault              none|status500|status429|hang|reset-before-body|cut-mid-stream|no-usage
            """;

    private MockProviderMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        MockProvider.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        MockProvider mock = MockProvider.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mock.close();
            stopped.countDown();
        }, "mock-provider-shutdown"));
        System.out.println("mock provider listening on " + mock.baseUrl()
                + " (OpenAI base URL " + mock.openAiBaseUrl() + ", Anthropic base URL " + mock.baseUrl()
                + ", key " + options.apiKey() + ")");
        stopped.await();
    }

    /** The options the flags describe, or null when help was asked for. */
    static MockProvider.Options parse(String[] args) {
        MockProvider.Options o = MockProvider.Options.defaults().withPort(8089);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag " + flag + " needs a value");
            }
            String value = args[++i];
            o = switch (flag) {
                case "--port" -> o.withPort(intValue(flag, value));
                case "--host" -> o.withHost(value);
                case "--api-key" -> o.withApiKey(value);
                case "--delay-ms" -> o.withDelayMillis(intValue(flag, value));
                case "--chunk-delay-ms" -> o.withChunkDelayMillis(intValue(flag, value));
                case "--completion-tokens" -> o.withCompletionTokens(intValue(flag, value));
                case "--chunks" -> o.withChunks(intValue(flag, value));
                case "--fault" -> o.withFault(Fault.parse(value));
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            };
        }
        return o;
    }

    private static int intValue(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs an integer, got '" + value + "'");
        }
    }
}
