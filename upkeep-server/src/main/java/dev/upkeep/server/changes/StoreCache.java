package dev.upkeep.server.changes;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Values read from the store, kept in memory per key for at most a TTL, and dropped sooner when a
 * change says they are stale ({@link #drop}, called for a local change or by a {@link
 * ChangeWatcher} for another collector's). A load that overlapped a drop answers its caller but is
 * not kept: it may have read the store before the change, and keeping it would undo the drop. Null
 * values are never kept. Thread-safe.
 *
 * @param <K> the key, e.g. a project id
 * @param <V> the value
 */
public final class StoreCache<K, V> {
  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final AtomicLong drops = new AtomicLong();
  private final long ttlMillis;
  private final Clock clock;

  /**
   * @param ttl how long a value is kept at most (the bound on staleness for changes no one reports,
   *     such as SQL typed by hand)
   * @throws IllegalArgumentException if the TTL is not positive
   */
  public StoreCache(Duration ttl, Clock clock) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    this.ttlMillis = ttl.toMillis();
    this.clock = clock;
  }

  /** The value kept for {@code key} if it was loaded less than the TTL ago, else null. */
  public V cached(K key) {
    Entry<V> e = entries.get(key);
    return e != null && clock.millis() - e.loadedAt < ttlMillis ? e.value : null;
  }

  /** The value kept for {@code key}, else {@link #load loaded}. */
  public V get(K key, Function<? super K, ? extends V> loader) {
    V v = cached(key);
    return v != null ? v : load(key, loader);
  }

  /**
   * Reads {@code key} with {@code loader} and keeps the value unless a drop happened meanwhile.
   *
   * @return what {@code loader} returned (null: nothing is kept)
   */
  public V load(K key, Function<? super K, ? extends V> loader) {
    long generation = drops.get();
    long now = clock.millis();
    V v = loader.apply(key);
    if (v != null) {
      // a drop increments first, then removes under the key's lock: either this sees it, or its
      // remove comes after this put
      entries.compute(key, (k, old) -> drops.get() == generation ? new Entry<>(v, now) : old);
    }
    return v;
  }

  /** Forgets {@code key}. */
  public void drop(K key) {
    drops.incrementAndGet();
    entries.remove(key);
  }

  /** Forgets every value {@code stale} accepts. */
  public void dropIf(Predicate<? super V> stale) {
    drops.incrementAndGet();
    entries.values().removeIf(e -> stale.test(e.value));
  }

  /** Forgets everything. */
  public void clear() {
    drops.incrementAndGet();
    entries.clear();
  }

  private record Entry<V>(V value, long loadedAt) {}
}
