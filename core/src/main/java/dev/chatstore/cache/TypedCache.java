package dev.chatstore.cache;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A typed, best-effort cache: either a Caffeine cache used directly ({@link #fromCaffeine}, no
 * copying or encoding) or a namespace of a {@link CacheStore} ({@link #fromStore}, keys and
 * values through a {@link CacheCodec}).
 *
 * <h2>Best effort</h2>
 * A cache never fails its caller for a failure of its backend: over a store, a read that fails
 * (the store throws, say because Redis is down) or whose bytes do not decode is a miss; a write,
 * invalidation or clear that fails is skipped. Each failure is logged (at most one line per
 * 10 s per cache while failures go on). A caller must be able to live with a miss at any time.
 * Bad input (a null key or value) is still an {@link IllegalArgumentException}.
 *
 * <p>Thread-safe. Over a store, every method may block for the store's round trip.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class TypedCache<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(TypedCache.class);

  private final Cache<K, V> caffeine;
  private final CacheStore store;
  private final String namespace;
  private final Duration ttl;
  private final CacheCodec<K, V> codec;
  private final FailureLog failures;

  private TypedCache(Cache<K, V> caffeine, CacheStore store, String namespace, Duration ttl,
      CacheCodec<K, V> codec) {
    this.caffeine = caffeine;
    this.store = store;
    this.namespace = namespace;
    this.ttl = ttl;
    this.codec = codec;
    this.failures = new FailureLog(LOG, store == null ? "in-process cache"
        : "cache '" + namespace + "' on " + store);
  }

  /**
   * A typed cache that uses {@code cache} directly; its own bounds and expiry apply.
   *
   * @throws IllegalArgumentException when {@code cache} is null
   */
  public static <K, V> TypedCache<K, V> fromCaffeine(Cache<K, V> cache) {
    if (cache == null) {
      throw new IllegalArgumentException("cache must not be null");
    }
    return new TypedCache<>(cache, null, null, null, null);
  }

  /**
   * A typed cache on {@code namespace} of {@code store}.
   *
   * @param ttl how long each inserted entry lives, or null for no expiry
   * @throws IllegalArgumentException when an argument is null (except {@code ttl}), the
   *     namespace is invalid ({@link CacheStore#checkNamespace}) or {@code ttl} is not positive
   */
  public static <K, V> TypedCache<K, V> fromStore(CacheStore store, String namespace,
      Duration ttl, CacheCodec<K, V> codec) {
    if (store == null || codec == null) {
      throw new IllegalArgumentException("store and codec must not be null");
    }
    CacheStore.checkNamespace(namespace);
    if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
      throw new IllegalArgumentException("cache TTL " + ttl + " is invalid; expected a positive"
          + " duration, or null for no expiry");
    }
    return new TypedCache<>(null, store, namespace, ttl, codec);
  }

  /** The cached value of {@code key}; empty on a miss, a store failure or an undecodable entry. */
  public Optional<V> get(K key) {
    checkKey(key);
    if (caffeine != null) {
      return Optional.ofNullable(caffeine.getIfPresent(key));
    }
    Optional<byte[]> bytes;
    try {
      bytes = store.get(namespace, codec.key(key));
    } catch (RuntimeException e) {
      failures.failed("get", e);
      return Optional.empty();
    }
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(codec.decode(bytes.get()));
    } catch (RuntimeException e) {
      LOG.debug("cache '{}': entry of {} does not decode, treated as a miss", namespace, key, e);
      return Optional.empty();
    }
  }

  /** Caches {@code value} under {@code key}, replacing any value (skipped if the store fails). */
  public void insert(K key, V value) {
    checkKey(key);
    if (value == null) {
      throw new IllegalArgumentException("cached value must not be null (use invalidate)");
    }
    if (caffeine != null) {
      caffeine.put(key, value);
      return;
    }
    try {
      store.set(namespace, codec.key(key), codec.encode(value), ttl);
    } catch (RuntimeException e) {
      failures.failed("insert", e);
    }
  }

  /** Removes {@code key} (skipped if the store fails). */
  public void invalidate(K key) {
    checkKey(key);
    if (caffeine != null) {
      caffeine.invalidate(key);
      return;
    }
    try {
      store.delete(namespace, codec.key(key));
    } catch (RuntimeException e) {
      failures.failed("invalidate", e);
    }
  }

  /**
   * Removes every entry (over a store: every entry of the namespace), and returns when done;
   * skipped if the store fails. The same as {@link #clear()}: Java calls block, so the spec's
   * synchronous and asynchronous forms are one.
   */
  public void invalidateAll() {
    clear();
  }

  /** Removes every entry (over a store: every entry of the namespace); skipped on failure. */
  public void clear() {
    if (caffeine != null) {
      caffeine.invalidateAll();
      return;
    }
    try {
      store.clear(namespace);
    } catch (RuntimeException e) {
      failures.failed("clear", e);
    }
  }

  /** The approximate number of entries (over a store: the store's count, 0 on failure). */
  public long entryCount() {
    if (caffeine != null) {
      return caffeine.estimatedSize();
    }
    try {
      return store.entryCount(namespace);
    } catch (RuntimeException e) {
      failures.failed("entryCount", e);
      return 0;
    }
  }

  /** Runs Caffeine's pending maintenance (evictions, expiry); nothing over a store. */
  public void runPendingTasks() {
    if (caffeine != null) {
      caffeine.cleanUp();
    }
  }

  private static void checkKey(Object key) {
    if (key == null) {
      throw new IllegalArgumentException("cache key must not be null");
    }
  }

  @Override
  public String toString() {
    return caffeine != null ? "TypedCache[caffeine]"
        : "TypedCache[" + namespace + " on " + store + "]";
  }
}
