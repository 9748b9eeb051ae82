package io.iron.proxy.usage;

import io.iron.engine.pricing.Cost;
import io.iron.engine.pricing.ModelPrice;

/**
 * The cost of a usage record at the request model's price (the reference's formula, PROTOCOL §3.4). Cache reads are
 * charged at the input rate (a provider discount we do not pass on: charging a little more never overspends), cache
 * writes at the higher of the input rate and the model's cache-write rate.
 */
public final class UsageCost {
    private UsageCost() {
    }

    public static long costMicros(ModelPrice price, Usage usage) {
        long base = Cost.costMicros(price, Math.addExact(usage.inputTokens(), usage.cacheReadTokens()),
                usage.outputTokens());
        if (usage.cacheWriteTokens() == 0) {
            return base;
        }
        long writeRate = Math.max(price.inputMicrosPerMillion(),
                price.surcharges().cacheWriteMicrosPerMillion().orElse(0));
        return Math.addExact(base, Cost.costMicros(writeRate, 0, usage.cacheWriteTokens(), 0));
    }
}
