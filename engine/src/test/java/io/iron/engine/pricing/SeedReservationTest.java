package io.iron.engine.pricing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed's scenario: gpt-4o-mini, "Write about AI.", max_tokens 500, a 10_000 µ$ budget, ~301 µ$ per call. */
class SeedReservationTest {

    private static final String SEED_BODY = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Write about AI."}],"max_tokens":500}""";
    private static final long SEED_SPEND_PER_CALL_MICROS = 301;
    private static final long SEED_BUDGET_MICROS = 10_000;

    @Test
    void seed_request_reserves_318_micros_300_of_them_for_output() {
        Reservation r = Requests.chat(SEED_BODY);
        // 16 per request + 8 for the one message + 97 bytes of compact JSON = 121 tokens; ⌊121 × 0.15⌋ = 18.
        assertEquals(121, r.maxInputTokens());
        assertEquals(500, r.maxOutputTokens());
        assertEquals(18 + 300, r.reserveMicros());
        assertEquals("gpt-4o-mini", r.model());
    }

    @Test
    void seed_reservation_covers_the_seed_spend_and_is_at_most_320() {
        long reserve = Requests.chat(SEED_BODY).reserveMicros();
        assertTrue(reserve > SEED_SPEND_PER_CALL_MICROS, "reserve " + reserve + " must exceed the spend");
        assertTrue(reserve <= 320, "reserve " + reserve + " must leave room for 33 calls");
    }

    @Test
    void seed_budget_of_10000_micros_still_gives_33_calls() {
        long reserve = Requests.chat(SEED_BODY).reserveMicros();
        long spent = 0;
        int calls = 0;
        while (SEED_BUDGET_MICROS - spent >= reserve) { // a call goes out only if its reservation fits
            spent += SEED_SPEND_PER_CALL_MICROS;
            calls++;
        }
        assertEquals(33, calls);
        assertEquals(67, SEED_BUDGET_MICROS - spent); // what the seed returns at the end
    }
}
