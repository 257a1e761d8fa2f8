package dev.upkeep.server.store.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that forgets its least recently used entry beyond a size. Not thread-safe. */
final class Lru {
  private Lru() {}

  /** An empty map keeping at most {@code maxEntries} entries. */
  static <K, V> Map<K, V> map(int maxEntries) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
    }
    return new LinkedHashMap<>(Math.min(maxEntries, 1024), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maxEntries;
      }
    };
  }
}
