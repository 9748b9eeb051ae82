package io.iron.engine.pricing;

import java.math.BigInteger;

/**
 * The cost formula of the reference (PROTOCOL.md §3.4), in integer microdollars:
 * {@code ⌊in × rate_in / 10⁶⌋ + ⌊out × rate_out / 10⁶⌋}, each term floored on its own.
 *
 * <p>Exact for every input: a product that does not fit a {@code long} is finished in {@link BigInteger}; only a
 * cost that itself exceeds {@code Long.MAX_VALUE} µ$ (about 9.2 trillion dollars) is refused with
 * {@link ArithmeticException}.
 */
public final class Cost {

    /** Rates are per million tokens. */
    static final long TOKENS_PER_RATE_UNIT = 1_000_000L;
    private static final BigInteger TOKENS_PER_RATE_UNIT_BIG = BigInteger.valueOf(TOKENS_PER_RATE_UNIT);

    private Cost() {
    }

    /**
     * The cost of a call at the model's standard rates.
     *
     * @throws IllegalArgumentException if a token count is negative (the message names {@code inputTokens} or
     *                                  {@code outputTokens})
     * @throws ArithmeticException      if the cost exceeds {@code Long.MAX_VALUE} µ$
     */
    public static long costMicros(ModelPrice price, long inputTokens, long outputTokens) {
        return costMicros(price.inputMicrosPerMillion(), price.outputMicrosPerMillion(), inputTokens, outputTokens);
    }

    /** The same formula at explicit rates (µ$ per million tokens); used for reservations at surcharge rates. */
    public static long costMicros(long inputMicrosPerMillion, long outputMicrosPerMillion,
                                  long inputTokens, long outputTokens) {
        requireNonNegative("inputTokens", inputTokens);
        requireNonNegative("outputTokens", outputTokens);
        requireNonNegative("inputMicrosPerMillion", inputMicrosPerMillion);
        requireNonNegative("outputMicrosPerMillion", outputMicrosPerMillion);
        return Math.addExact(termMicros(inputTokens, inputMicrosPerMillion),
                termMicros(outputTokens, outputMicrosPerMillion));
    }

    /** ⌊tokens × rate / 10⁶⌋ for non-negative operands; both are non-negative, so truncation is the floor. */
    private static long termMicros(long tokens, long microsPerMillion) {
        long high = Math.multiplyHigh(tokens, microsPerMillion);
        long low = tokens * microsPerMillion;
        if (high == 0 && low >= 0) {
            return low / TOKENS_PER_RATE_UNIT;
        }
        BigInteger micros = BigInteger.valueOf(tokens).multiply(BigInteger.valueOf(microsPerMillion))
                .divide(TOKENS_PER_RATE_UNIT_BIG);
        if (micros.bitLength() > 63) {
            throw new ArithmeticException("cost of " + tokens + " tokens at " + microsPerMillion
                    + " µ$ per million tokens exceeds " + Long.MAX_VALUE + " µ$");
        }
        return micros.longValue();
    }

    private static void requireNonNegative(String argument, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(argument + " must not be negative, got " + value);
        }
    }
}
