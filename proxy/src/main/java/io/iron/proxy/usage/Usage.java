package io.iron.proxy.usage;

/**
 * A provider's usage record, in tokens. {@code cacheWriteTokens} and {@code cacheReadTokens} are Anthropic's
 * {@code cache_creation_input_tokens} and {@code cache_read_input_tokens}, which its {@code input_tokens} excludes;
 * OpenAI's {@code prompt_tokens} already includes cached tokens, so they are 0 there.
 */
public record Usage(long inputTokens, long outputTokens, long cacheWriteTokens, long cacheReadTokens) {

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheWriteTokens < 0 || cacheReadTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + inputTokens + "/"
                    + outputTokens + "/" + cacheWriteTokens + "/" + cacheReadTokens);
        }
    }

    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0);
    }
}
