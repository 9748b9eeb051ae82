package io.iron.http.cli;

import io.iron.http.admin.AgentAdmin;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Dollar amounts on the command line ({@code --budget-usd 0.01}): parsed exactly with BigDecimal into µ$, never
 * through a double. At most 6 decimal places (1 µ$), not negative, at most $1,000,000; errors name the flag.
 */
public final class UsdAmount {
    private static final BigDecimal MICROS_PER_USD = BigDecimal.valueOf(1_000_000);

    private UsdAmount() {
    }

    public static long parseMicros(String flag, String text) {
        if (text == null || text.isBlank()) {
            throw new CliException(flag + " needs an amount in US dollars, e.g. " + flag + " 0.01");
        }
        String t = text.strip();
        if (t.startsWith("$")) {
            t = t.substring(1);
        }
        BigDecimal usd;
        try {
            usd = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new CliException(flag + " must be an amount in US dollars such as 0.01 or 25, got '" + text + "'");
        }
        if (usd.signum() < 0) {
            throw new CliException(flag + " must not be negative, got " + text);
        }
        if (usd.stripTrailingZeros().scale() > 6) {
            throw new CliException(flag + " has more than 6 decimal places (the smallest amount is 0.000001, one"
                    + " microdollar), got " + text);
        }
        BigDecimal micros = usd.multiply(MICROS_PER_USD);
        if (micros.compareTo(BigDecimal.valueOf(AgentAdmin.MAX_BUDGET_MICROS)) > 0) {
            throw new CliException(flag + " is above the $1,000,000 limit, got " + text);
        }
        return micros.longValueExact();
    }

    /** {@code 10000} → {@code $0.010000}. */
    public static String format(long micros) {
        return (micros < 0 ? "-$" : "$") + BigDecimal.valueOf(Math.abs(micros)).divide(MICROS_PER_USD, 6,
                RoundingMode.UNNECESSARY).toPlainString();
    }
}
