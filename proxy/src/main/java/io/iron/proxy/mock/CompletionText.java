package io.iron.proxy.mock;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The text the mock "generates": the words of a fixed phrase, cycled, one word per completion token, so the
 * reported completion tokens always equal the words sent. Split into stream pieces whose concatenation is the full
 * text. Plain ASCII, so pieces go into JSON without escaping. Cached per (tokens, pieces) because a load test asks
 * for the same few sizes millions of times.
 *
 * @param full           the whole completion text
 * @param pieces         the stream chunks, in order; {@code String.join("", pieces).equals(full)}
 * @param piecesTokens   completion tokens carried by each piece (sums to {@code tokens})
 * @param tokens         completion tokens of the whole text
 */
record CompletionText(String full, String[] pieces, int[] piecesTokens, int tokens) {
    /** The phrase whose words are the generated tokens. */
    static final String PHRASE = "The quick brown fox jumps over the lazy dog.";
    private static final String[] WORDS = PHRASE.split(" ");
    private static final int CACHE_LIMIT = 4096;
    private static final ConcurrentHashMap<Long, CompletionText> CACHE = new ConcurrentHashMap<>();

    /** The completion of {@code tokens} words split into at most {@code pieces} (≥ 1) stream chunks. */
    static CompletionText of(int tokens, int pieces) {
        long key = ((long) tokens << 32) | pieces;
        CompletionText cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        CompletionText made = make(tokens, pieces);
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.putIfAbsent(key, made);
        }
        return made;
    }

    private static CompletionText make(int tokens, int pieces) {
        int count = Math.min(tokens, pieces);
        String[] texts = new String[count];
        int[] counts = new int[count];
        StringBuilder full = new StringBuilder(tokens * 6);
        for (int k = 0; k < count; k++) {
            int from = (int) ((long) k * tokens / count);
            int to = (int) ((long) (k + 1) * tokens / count);
            StringBuilder piece = new StringBuilder((to - from) * 6);
            for (int w = from; w < to; w++) {
                if (w > 0) {
                    piece.append(' ');
                }
                piece.append(WORDS[w % WORDS.length]);
            }
            texts[k] = piece.toString();
            counts[k] = to - from;
            full.append(texts[k]);
        }
        return new CompletionText(full.toString(), texts, counts, tokens);
    }
}
