package io.iron.proxy.mock;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mock's token arithmetic, which the proxy's reservation bounds and the fault tests' money checks rely on. */
class TokenCountTest {

    @Property
    void promptTokensAreAtLeastOneAndNeverAboveBytesPlusOne(@ForAll @LongRange(min = 0, max = 1L << 40) long bytes) {
        long tokens = MockProvider.promptTokensOf(bytes);

        assertTrue(tokens >= 1);
        assertTrue(tokens <= bytes + 1);
        assertEquals((long) Math.ceil(bytes / 4.0) + 1, tokens);
    }

    @Property
    void utf8LengthMatchesTheEncoder(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 0x10FFFF) Integer> cps) {
        int[] codePoints = cps.stream().mapToInt(Integer::intValue)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE).toArray();
        String s = new String(codePoints, 0, codePoints.length);

        assertEquals(s.getBytes(StandardCharsets.UTF_8).length, JsonText.utf8Length(s));
    }

    @Property
    void completionPiecesConcatenateToTheTextAndCarryEveryToken(
            @ForAll @IntRange(min = 0, max = 3000) int tokens, @ForAll @IntRange(min = 1, max = 64) int pieces) {
        CompletionText text = CompletionText.of(tokens, pieces);

        assertEquals(text.full(), String.join("", text.pieces()));
        assertEquals(tokens, Arrays.stream(text.piecesTokens()).sum());
        assertEquals(Math.min(tokens, pieces), text.pieces().length);
        assertEquals(tokens, text.full().isEmpty() ? 0 : text.full().split(" ").length);
        assertTrue(Arrays.stream(text.piecesTokens()).allMatch(n -> n >= 1));
    }

    @Property
    void quotedStringsRoundTripThroughAJsonParser(@ForAll @Size(max = 30) String s) throws Exception {
        String json = JsonText.quoted(new StringBuilder(), s).toString();

        assertEquals(s, Wire.JSON.readValue(json, String.class));
    }
}
