package dev.chatstore.redis;

import dev.chatstore.cache.CacheStore;
import dev.chatstore.kv.StoreException;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link CacheStore} in Redis, standalone or cluster, on Lettuce: caches shared by every
 * process that uses the same Redis and prefix.
 *
 * <h2>Layout</h2>
 * The entry {@code key} of {@code namespace} is the Redis string {@code PREFIX:namespace:key}
 * (UTF-8), its TTL a native Redis expiry ({@code SET ... PX}). The prefix defaults to the URI's
 * {@code prefix} parameter followed by {@value #SUFFIX} ({@code chatstore:cache}). Namespaces
 * hold no {@code ':'}, so no two (namespace, key) pairs share a Redis key. {@link #clear} and
 * {@link #entryCount} walk the namespace's keys with {@code SCAN MATCH} (the pattern escapes
 * the glob characters {@code * ? [ ] \} of the prefix and namespace, so {@code clear("a*")}
 * never touches namespace {@code ab}) and remove them with {@code UNLINK}; their cost grows with
 * the number of keys in Redis, and entries set during a clear may survive it. On a cluster,
 * keys spread over the masters by their hash slot and the scan visits every master.
 *
 * <h2>Failures</h2>
 * Calls follow the failure policy of the Redis backend ({@code timeoutMs}, retries while Redis
 * cannot be reached) and fail with {@link StoreException} of kind {@code CONNECTION} when it
 * stays unreachable, {@code DATABASE} for an error reply. The connection is made on first use,
 * not on open, so a cache can be created while Redis is down; after a failed connection
 * attempt, calls fail at once for {@value #RECONNECT_PAUSE_MS} ms before the next attempt.
 * Callers treat failures as misses ({@link dev.chatstore.cache.TypedCache} does). Keep
 * {@code timeoutMs} short for a cache ({@code ?timeoutMs=200}): it bounds how long a call can
 * wait for an unreachable Redis. Thread-safe; close it when done.
 */
public final class RedisCacheStore implements CacheStore, AutoCloseable {
  /** What follows the URI's prefix in the default key prefix. */
  public static final String SUFFIX = ":cache";
  /** Longest key prefix, in characters. */
  public static final int MAX_PREFIX_LENGTH = 256;
  /** How long calls fail at once after a failed connection attempt. */
  public static final long RECONNECT_PAUSE_MS = 1_000;
  private static final int SCAN_BATCH = 500;

  private final RedisUri uri;
  private final String prefix;
  private final String name;
  private final ReentrantLock connecting = new ReentrantLock();
  private volatile Link link;
  /** Guarded by {@code connecting}: when the last connection attempt failed, the next may be. */
  private long nextAttemptAt;
  /** Guarded by {@code connecting}: whether the last connection attempt failed. */
  private boolean pausing;
  private volatile boolean closed;

  private RedisCacheStore(RedisUri uri, String prefix) {
    this.uri = uri;
    this.prefix = prefix;
    this.name = "redis cache " + uri + " prefix " + prefix;
  }

  /**
   * A cache on the Redis {@code uri} names ({@code redis://...} or {@code redis-cluster://...}),
   * with the key prefix {@code <prefix parameter>}{@value #SUFFIX}. Connects on first use.
   *
   * @throws IllegalArgumentException when the URI is malformed
   */
  public static RedisCacheStore open(String uri) {
    RedisUri u = RedisUri.parse(uri);
    return open(u, u.options().prefix() + SUFFIX);
  }

  /**
   * A cache on the Redis {@code uri} names, with the key prefix {@code prefix} (any text of 1 to
   * {@value #MAX_PREFIX_LENGTH} characters). Connects on first use.
   *
   * @throws IllegalArgumentException when an argument is null or the prefix is invalid
   */
  public static RedisCacheStore open(RedisUri uri, String prefix) {
    if (uri == null) {
      throw new IllegalArgumentException("uri must not be null");
    }
    if (prefix == null || prefix.isEmpty() || prefix.length() > MAX_PREFIX_LENGTH
        || !encodable(prefix)) {
      throw new IllegalArgumentException("cache key prefix " + (prefix == null ? "null"
          : "'" + prefix + "'") + " is invalid; expected 1 to " + MAX_PREFIX_LENGTH
          + " characters of valid Unicode");
    }
    return new RedisCacheStore(uri, prefix);
  }

  /** The key prefix of every entry. */
  public String prefix() {
    return prefix;
  }

  @Override
  public Optional<byte[]> get(String namespace, String key) {
    byte[] k = redisKey(namespace, key);
    Link l = link();
    return Optional.ofNullable(l.call(() -> "get " + namespace + ":" + key,
        () -> l.commands().get(k)));
  }

  @Override
  public void set(String namespace, String key, byte[] value, Duration ttl) {
    CacheStore.checkSet(namespace, key, value, ttl);
    byte[] k = redisKey(namespace, key);
    byte[] v = value.clone();
    Link l = link();
    if (ttl == null) {
      l.call(() -> "set " + namespace + ":" + key, () -> l.commands().set(k, v));
    } else {
      SetArgs px = SetArgs.Builder.px(Math.max(1, saturatedMillis(ttl)));
      l.call(() -> "set " + namespace + ":" + key, () -> l.commands().set(k, v, px));
    }
  }

  @Override
  public void delete(String namespace, String key) {
    byte[] k = redisKey(namespace, key);
    Link l = link();
    l.call(() -> "delete " + namespace + ":" + key, () -> l.commands().unlink(k));
  }

  @Override
  public void clear(String namespace) {
    walk(namespace, true);
  }

  @Override
  public long entryCount(String namespace) {
    return walk(namespace, false);
  }

  /** Scans the keys of {@code namespace}, unlinking them when {@code remove}; their number. */
  private long walk(String namespace, boolean remove) {
    CacheStore.checkNamespace(namespace);
    ScanArgs args = ScanArgs.Builder.matches(glob(prefix + ":" + namespace + ":") + "*")
        .limit(SCAN_BATCH);
    Link l = link();
    String what = (remove ? "clear " : "count ") + namespace;
    long n = 0;
    KeyScanCursor<byte[]> cursor = l.call(() -> what, () -> l.commands().scan(args));
    while (true) {
      List<byte[]> keys = cursor.getKeys();
      n += keys.size();
      if (remove && !keys.isEmpty()) {
        byte[][] batch = keys.toArray(new byte[0][]);
        l.call(() -> what, () -> l.commands().unlink(batch));
      }
      if (cursor.isFinished()) {
        return n;
      }
      KeyScanCursor<byte[]> at = cursor;
      cursor = l.call(() -> what, () -> l.commands().scan(at, args));
    }
  }

  private byte[] redisKey(String namespace, String key) {
    CacheStore.checkNamespace(namespace);
    CacheStore.checkKey(key);
    if (!encodable(key)) {
      throw new IllegalArgumentException("cache key '" + key + "' holds an unpaired surrogate;"
          + " expected valid Unicode");
    }
    return (prefix + ":" + namespace + ":" + key).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code text} with the glob characters of {@code SCAN MATCH} escaped. */
  static String glob(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static boolean encodable(String s) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }

  private static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The connection, made on first use; at most one attempt per pause after a failure. */
  private Link link() {
    Link l = link;
    if (l != null && !closed) {
      return l;
    }
    connecting.lock();
    try {
      if (closed) {
        throw new StoreException(StoreException.Kind.CLOSED, name + " is closed");
      }
      if (link != null) {
        return link;
      }
      if (pausing && System.nanoTime() - nextAttemptAt < 0) {
        throw new StoreException(StoreException.Kind.CONNECTION, name + ": Redis was"
            + " unreachable at the last attempt; the next one is made at most "
            + RECONNECT_PAUSE_MS + " ms after it");
      }
      try {
        link = Link.open(uri, name);
        pausing = false;
        return link;
      } catch (StoreException e) {
        pausing = true;
        nextAttemptAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECONNECT_PAUSE_MS);
        throw e;
      }
    } finally {
      connecting.unlock();
    }
  }

  /** Closes the connection; later calls fail with kind {@code CLOSED}. Idempotent. */
  @Override
  public void close() {
    connecting.lock();
    try {
      closed = true;
      if (link != null) {
        link.close();
      }
    } finally {
      connecting.unlock();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
