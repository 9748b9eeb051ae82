package io.iron.proxy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers lookups for a short time so that the proxy's hot path does not read the directory or the bank on every
 * call. Bounded: past {@code maxEntries} it starts over. What it holds can be at most {@code ttlNanos} old.
 */
public final class ShortCache<K, V> {
    private record Entry<V>(V value, long loadedAtNanos) { }

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;

    public ShortCache(long ttlMillis, int maxEntries) {
        this.ttlNanos = ttlMillis * 1_000_000L;
        this.maxEntries = maxEntries;
    }

    /** The value remembered for {@code key} if it is fresh, else {@code load}'s (remembered from now). */
    public V get(K key, Function<K, V> load) {
        long now = System.nanoTime();
        Entry<V> e = entries.get(key);
        if (e != null && now - e.loadedAtNanos() < ttlNanos) {
            return e.value();
        }
        V value = load.apply(key);
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry<>(value, now));
        return value;
    }
}
