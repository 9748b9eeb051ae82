package io.iron.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dollars on the command line become exact microdollars, or an error naming the flag. */
class UsdAmountTest {

    @ParameterizedTest
    @CsvSource({"0.01, 10000", "25, 25000000", "$1.50, 1500000", "0.000001, 1", "0.0000010, 1", "1000000, 1000000000000",
            "0, 0"})
    void parsesExactly(String usd, long micros) {
        assertEquals(micros, UsdAmount.parseMicros("--budget-usd", usd));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.0000001 | --budget-usd has more than 6 decimal places (the smallest amount is 0.000001, one microdollar), got 0.0000001",
            "-1 | --budget-usd must not be negative, got -1",
            "1000000.01 | --budget-usd is above the $1,000,000 limit, got 1000000.01",
            "1e30 | --budget-usd is above the $1,000,000 limit, got 1e30",
            "ten | --budget-usd must be an amount in US dollars such as 0.01 or 25, got 'ten'",
            "NaN | --budget-usd must be an amount in US dollars such as 0.01 or 25, got 'NaN'"})
    void refusesWithAMessageNamingTheFlag(String usd, String message) {
        assertEquals(message, assertThrows(CliException.class, () -> UsdAmount.parseMicros("--budget-usd", usd))
                .getMessage());
    }

    @ParameterizedTest
    @CsvSource({"10000, $0.010000", "1, $0.000001", "25000000, $25.000000"})
    void formats(long micros, String text) {
        assertEquals(text, UsdAmount.format(micros));
    }
}
