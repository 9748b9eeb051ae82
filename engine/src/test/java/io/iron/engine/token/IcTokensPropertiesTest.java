package io.iron.engine.token;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.InstantSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class IcTokensPropertiesTest {

    static final long NOW_SECS = 1_800_000_000L;
    final IcTokens tokens = new IcTokens("property-secret".getBytes(UTF_8),
            InstantSource.fixed(Instant.ofEpochSecond(NOW_SECS)));

    @Property
    void issuedTokenVerifiesToTheSameAgent(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long agentId) {
        IcTokens.Verified v = tokens.verify(tokens.issue(agentId, null));
        assertEquals(agentId, v.agentNumber());
        assertEquals("budget_" + agentId, v.budgetId());
    }

    @Property
    void issuedTokenWithFutureExpVerifies(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long agentId,
                                          @ForAll @LongRange(min = NOW_SECS, max = Long.MAX_VALUE) long expSecs) {
        assertEquals(expSecs, tokens.verify(tokens.issue(agentId, expSecs)).expSecs());
    }

    /**
     * Any single-character change makes a valid token invalid, at every position, the signature's last character
     * included. That last character has 2 unused bits, so some replacements decode to the same MAC; they are refused
     * only because verify() demands canonical base64url (see IcTokensTest#nonCanonicalLastSignatureCharacter...).
     */
    @Property
    void changingAnySingleCharacterInvalidatesTheToken(
            @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long agentId,
            @ForAll @IntRange(min = 0, max = 10_000) int positionSeed,
            @ForAll("replacements") char replacement) {
        String token = tokens.issue(agentId, null);
        int position = positionSeed % token.length();
        Assume.that(token.charAt(position) != replacement);
        String changed = token.substring(0, position) + replacement + token.substring(position + 1);
        assertThrows(InvalidIcTokenException.class, () -> tokens.verify(changed));
    }

    /** The last character is where equivalent base64url characters exist, so it gets a property of its own. */
    @Property
    void changingTheLastSignatureCharacterInvalidatesTheToken(
            @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long agentId,
            @ForAll("replacements") char replacement) {
        String token = tokens.issue(agentId, null);
        int last = token.length() - 1;
        Assume.that(token.charAt(last) != replacement);
        String changed = token.substring(0, last) + replacement;
        assertThrows(InvalidIcTokenException.class, () -> tokens.verify(changed));
    }

    @Provide
    Arbitrary<Character> replacements() {
        return Arbitraries.of(
                ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" + ".=+/ \u00e9\u0000").chars()
                        .mapToObj(c -> (char) c).toList());
    }
}
