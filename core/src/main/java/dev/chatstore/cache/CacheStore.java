package dev.chatstore.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * A pluggable cache backend: byte values under string keys, partitioned by namespace (one
 * namespace per logical cache, such as {@value CacheStores#GROUP}). {@link CaffeineCacheStore}
 * keeps entries in process (the default); a remote implementation (Redis, ...) shares them
 * between processes.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Namespaces</b> are isolated: an operation on one never reads, changes or counts an
 *       entry of another. A namespace is 1 to {@value #MAX_NAMESPACE_LENGTH} characters without
 *       {@code ':'}; a key is any string, empty included.</li>
 *   <li><b>Expiry.</b> An entry set with a TTL is gone (a miss) from that long after the set
 *       on; without a TTL it stays until deleted, cleared or evicted. A cache may evict any
 *       entry earlier to stay within its bounds.</li>
 *   <li><b>Errors.</b> Bad input (a null, an invalid namespace, a TTL that is not positive) is
 *       an {@link IllegalArgumentException} and changes nothing. A failure of the cache itself
 *       is a {@link dev.chatstore.kv.StoreException} (kind {@code CONNECTION} when a remote cache
 *       cannot be reached): implementations report errors, so they can be observed.
 *       Callers use caches as best-effort, treating a failure as a miss: {@link TypedCache}
 *       does so and logs it.</li>
 *   <li><b>Threads.</b> Every method is thread-safe and may block (for a network round
 *       trip); call it from a virtual thread or a thread that may wait.</li>
 * </ul>
 */
public interface CacheStore {
  /** Longest namespace, in characters. */
  int MAX_NAMESPACE_LENGTH = 128;

  /** The value cached under {@code key} in {@code namespace}, or empty on a miss. */
  Optional<byte[]> get(String namespace, String key);

  /**
   * Caches {@code value} under {@code key} in {@code namespace}, replacing any value.
   *
   * @param ttl how long the entry lives, or null to keep it until deleted (or evicted)
   * @throws IllegalArgumentException when {@code ttl} is zero or negative
   */
  void set(String namespace, String key, byte[] value, Duration ttl);

  /** Removes {@code key} from {@code namespace} (absent is fine). */
  void delete(String namespace, String key);

  /** Removes every entry of {@code namespace}, and of no other namespace. */
  void clear(String namespace);

  /**
   * The approximate number of entries in {@code namespace}, for diagnostics (it may count
   * entries that are about to expire). Returns 0 unless the implementation can count.
   */
  default long entryCount(String namespace) {
    checkNamespace(namespace);
    return 0;
  }

  /**
   * Returns {@code namespace} when it is valid: 1 to {@value #MAX_NAMESPACE_LENGTH} characters,
   * without {@code ':'} (which separates the namespace from the key in a remote cache).
   *
   * @throws IllegalArgumentException naming the namespace and what is expected
   */
  static String checkNamespace(String namespace) {
    if (namespace == null || namespace.isEmpty() || namespace.length() > MAX_NAMESPACE_LENGTH
        || namespace.indexOf(':') >= 0) {
      throw new IllegalArgumentException("cache namespace " + (namespace == null ? "null"
          : "'" + namespace + "'") + " is invalid; expected 1 to " + MAX_NAMESPACE_LENGTH
          + " characters without ':'");
    }
    return namespace;
  }

  /**
   * Checks the arguments of {@link #set}.
   *
   * @throws IllegalArgumentException naming the bad argument
   */
  static void checkSet(String namespace, String key, byte[] value, Duration ttl) {
    checkNamespace(namespace);
    checkKey(key);
    if (value == null) {
      throw new IllegalArgumentException("cache value must not be null (use delete to remove"
          + " an entry)");
    }
    if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
      throw new IllegalArgumentException("cache TTL " + ttl + " is invalid; expected a positive"
          + " duration, or null for no expiry");
    }
  }

  /**
   * Checks a key.
   *
   * @throws IllegalArgumentException when it is null
   */
  static String checkKey(String key) {
    if (key == null) {
      throw new IllegalArgumentException("cache key must not be null (the empty string is a"
          + " key)");
    }
    return key;
  }
}
