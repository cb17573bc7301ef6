package dev.chatstore.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * The default {@link CacheStore}: entries in this process, in one bounded Caffeine cache shared
 * by every namespace. The bound is on the total bytes of keys and values (default
 * {@value #DEFAULT_MAX_BYTES} bytes); beyond it Caffeine evicts the entries least likely to be
 * used again. Each entry expires after its own TTL (Caffeine's variable expiry). Values are
 * copied in and out. {@link #clear} and {@link #entryCount} visit every entry of the cache
 * (cost grows with its size). Never fails for a valid call; thread-safe.
 */
public final class CaffeineCacheStore implements CacheStore {
  /** Default bound: 64 MiB of keys and values. */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
  /** Bytes counted for each entry on top of its key and value. */
  static final int ENTRY_OVERHEAD = 64;

  private final Cache<Key, Entry> cache;

  private record Key(String namespace, String key) {}

  private record Entry(byte[] value, long ttlNanos) {}

  private CaffeineCacheStore(long maxBytes, Ticker ticker) {
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .<Key, Entry>weigher((k, e) -> (int) Math.min(Integer.MAX_VALUE,
            ENTRY_OVERHEAD + 2L * (k.namespace.length() + k.key.length()) + e.value.length))
        .expireAfter(new Expiry<Key, Entry>() {
          @Override
          public long expireAfterCreate(Key k, Entry e, long now) {
            return e.ttlNanos;
          }

          @Override
          public long expireAfterUpdate(Key k, Entry e, long now, long current) {
            return e.ttlNanos;
          }

          @Override
          public long expireAfterRead(Key k, Entry e, long now, long current) {
            return current;
          }
        })
        .ticker(ticker)
        .executor(Runnable::run)
        .build();
  }

  /** A store bounded to {@value #DEFAULT_MAX_BYTES} bytes. */
  public static CaffeineCacheStore create() {
    return create(DEFAULT_MAX_BYTES);
  }

  /**
   * A store bounded to {@code maxBytes} bytes of keys and values.
   *
   * @throws IllegalArgumentException when {@code maxBytes} is not positive
   */
  public static CaffeineCacheStore create(long maxBytes) {
    return create(maxBytes, Ticker.systemTicker());
  }

  /**
   * A store bounded to {@code maxBytes}, whose TTLs run on {@code ticker} (tests pass their own).
   *
   * @throws IllegalArgumentException when {@code maxBytes} is not positive or the ticker is null
   */
  public static CaffeineCacheStore create(long maxBytes, Ticker ticker) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes " + maxBytes + " is invalid; expected at least"
          + " 1");
    }
    if (ticker == null) {
      throw new IllegalArgumentException("ticker must not be null");
    }
    return new CaffeineCacheStore(maxBytes, ticker);
  }

  @Override
  public Optional<byte[]> get(String namespace, String key) {
    Entry e = cache.getIfPresent(new Key(CacheStore.checkNamespace(namespace),
        CacheStore.checkKey(key)));
    return e == null ? Optional.empty() : Optional.of(e.value.clone());
  }

  @Override
  public void set(String namespace, String key, byte[] value, Duration ttl) {
    CacheStore.checkSet(namespace, key, value, ttl);
    long nanos = ttl == null ? Long.MAX_VALUE : saturatedNanos(ttl);
    cache.put(new Key(namespace, key), new Entry(value.clone(), nanos));
  }

  @Override
  public void delete(String namespace, String key) {
    cache.invalidate(new Key(CacheStore.checkNamespace(namespace), CacheStore.checkKey(key)));
  }

  @Override
  public void clear(String namespace) {
    CacheStore.checkNamespace(namespace);
    cache.asMap().keySet().removeIf(k -> k.namespace.equals(namespace));
  }

  @Override
  public long entryCount(String namespace) {
    CacheStore.checkNamespace(namespace);
    return cache.asMap().keySet().stream().filter(k -> k.namespace.equals(namespace)).count();
  }

  /** Runs Caffeine's pending maintenance (evictions, expiry) now; for tests and diagnostics. */
  public void cleanUp() {
    cache.cleanUp();
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return "CaffeineCacheStore[" + cache.estimatedSize() + " entries]";
  }
}
