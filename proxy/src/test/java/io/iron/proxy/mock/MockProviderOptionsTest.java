package io.iron.proxy.mock;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MockProviderOptionsTest {

    @Test
    void defaultsAreDocumented() {
        MockProvider.Options o = MockProvider.Options.defaults();

        assertEquals("127.0.0.1", o.host());
        assertEquals(0, o.port());
        assertEquals("sk-mock", o.apiKey());
        assertEquals(500, o.completionTokens());
        assertEquals(16, o.defaultMaxTokens());
        assertEquals(8, o.chunks());
        assertEquals(Fault.NONE, o.fault());
        assertEquals(60_000, o.hangMillis());
    }

    @Test
    void invalidOptionsNameTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> MockProvider.Options.defaults().withChunks(0));

        assertTrue(e.getMessage().contains("chunks"), e.getMessage());
    }

    @Test
    void startsOnAFreePortOfLoopbackWithBothBaseUrlForms() {
        try (MockProvider mock = MockProvider.start()) {
            assertTrue(mock.port() > 0);
            assertEquals("http://127.0.0.1:" + mock.port(), mock.baseUrl());
            assertEquals("http://127.0.0.1:" + mock.port() + "/v1", mock.openAiBaseUrl());
        }
    }

    @Test
    void faultNamesParseInEveryWrittenForm() {
        assertEquals(Fault.CUT_MID_STREAM, Fault.parse("cut-mid-stream"));
        assertEquals(Fault.CUT_MID_STREAM, Fault.parse("CUT_MID_STREAM"));
        assertEquals(Fault.STATUS_500, Fault.parse("status500"));
        assertEquals(Fault.STATUS_500, Fault.parse("status-500"));
        assertEquals(Fault.RESET_BEFORE_BODY, Fault.parse(" reset-before-body "));
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("boom"));
    }

    @Test
    void mainParsesItsFlags() {
        MockProvider.Options o = MockProviderMain.parse(new String[] {
            "--port", "9001", "--delay-ms", "25", "--completion-tokens", "64", "--chunks", "4", "--fault", "no-usage"});

        assertEquals(9001, o.port());
        assertEquals(25, o.delayMillis());
        assertEquals(64, o.completionTokens());
        assertEquals(4, o.chunks());
        assertEquals(Fault.NO_USAGE, o.fault());
    }

    @Test
    void mainDefaultsToPort8089AndHelpReturnsNothing() {
        assertEquals(8089, MockProviderMain.parse(new String[0]).port());
        assertNull(MockProviderMain.parse(new String[] {"--help"}));
    }

    @Test
    void mainRejectsUnknownFlagsAndBadNumbersByName() {
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> MockProviderMain.parse(new String[] {"--speed", "9"}));
        var bad = assertThrows(IllegalArgumentException.class,
                () -> MockProviderMain.parse(new String[] {"--delay-ms", "soon"}));

        assertTrue(unknown.getMessage().contains("--speed"));
        assertTrue(bad.getMessage().contains("--delay-ms"));
    }
}
