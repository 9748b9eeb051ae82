package io.iron.engine.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iron.engine.token.InvalidAgentIdException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Handshake step 3: the text after agent_ parsed like Rust's str::parse::&lt;i64&gt;. */
class ParseAgentNumberTest {

    @Test
    void plainNumberParses() {
        assertEquals(9999L, IcTokens.parseAgentNumber("agent_9999"));
        assertEquals(Long.MAX_VALUE, IcTokens.parseAgentNumber("agent_9223372036854775807"));
    }

    @Test
    void leadingPlusAndZerosAreAcceptedAsRustDoes() {
        assertEquals(7L, IcTokens.parseAgentNumber("agent_+7"));
        assertEquals(7L, IcTokens.parseAgentNumber("agent_007"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent_", "agent_abc", "agent_1.5", "agent_ 1", "agent_1 ", "agent_+", "agent_-",
        "agent_9223372036854775808", "agent_-9223372036854775809", "agent_\u0663", "agent_1e3", "9999", "Agent_1"})
    void nonNumericOrOverflowingIsNotNumeric(String agentId) {
        InvalidAgentIdException e = assertThrows(InvalidAgentIdException.class, () -> IcTokens.parseAgentNumber(agentId));
        assertEquals(Reason.NOT_NUMERIC, e.reason());
        assertEquals("Invalid agent_id - must be numeric", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent_0", "agent_-1", "agent_-0", "agent_-9223372036854775808"})
    void zeroOrNegativeIsNotPositive(String agentId) {
        InvalidAgentIdException e = assertThrows(InvalidAgentIdException.class, () -> IcTokens.parseAgentNumber(agentId));
        assertEquals(Reason.NOT_POSITIVE, e.reason());
        assertEquals("Invalid agent_id - must be positive", e.getMessage());
    }
}
