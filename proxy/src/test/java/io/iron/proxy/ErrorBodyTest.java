package io.iron.proxy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorBodyTest {

    @Test
    void dollarsAreExactWithTwoOrFourDecimals() {
        assertEquals("0.01", ErrorBody.dollars(10_000, 2));
        assertEquals("0.0067", ErrorBody.dollars(6_700, 4));
        assertEquals("0.0003", ErrorBody.dollars(315, 4));
        assertEquals("12345.68", ErrorBody.dollars(12_345_678_901L, 2));
    }

    @Test
    void theSeedsRefusalReadsAsTheReferenceWritesIt() {
        ErrorBody b = ErrorBody.insufficientBudget(67, 315);

        assertEquals(402, b.status());
        assertEquals("Iron Cage insufficient budget for request. Available: $0.0001, Estimated max cost: $0.0003. "
                + "Reduce max_tokens or wait for in-flight requests to complete.", b.message());
    }

    @Test
    void theAnthropicRouteAddsTheTopLevelErrorType() {
        String json = ErrorBody.budgetExceeded(10_000, 0, 10_000).json(true);

        assertTrue(json.startsWith("{\"error\":{\"message\":\"Iron Cage budget limit exceeded. Spent: $0.01, "
                + "Reserved: $0.00, Limit: $0.01."), json);
        assertTrue(json.endsWith(",\"type\":\"error\"}"), json);
    }

    @Test
    void aProviderKeyNeverPrintsItsSecret() {
        ProviderKey k = ProviderKey.of(Provider.OPENAI, "sk-live-abcdefghijklmnop");

        assertEquals("ProviderKey[provider=openai, apiKey=sk-l...nop, baseUrl=https://api.openai.com]", k.toString());
    }
}
