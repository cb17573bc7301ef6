package dev.chatstore.signal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A bounded write-through cache of small records (sessions, identities), shared by the devices
 * of one {@link Devices}. It caches absence too, so {@code hasSession} of an unknown address is
 * answered from memory after the first read.
 *
 * <p>Never stale after a write returned: a write runs the store write inside the cache's atomic
 * compute of its key, so writes of one key reach the store and the cache in the same order, and
 * a load (also a compute of the key) cannot put an older value over a newer write. A failed
 * write drops the key, so the next read goes to the store. A device whose data is replaced
 * wholesale (restore, drop) moves to a new epoch instead of being cleared entry by entry, so a
 * load still running across the replacement cannot leave an old value where new readers look.
 * A disabled cache reads and writes the store directly.
 */
final class WriteThroughCache {
  /**
   * A cached key: the device, its cache epoch (bumped when the device's data is replaced
   * wholesale, which makes every older entry unreachable), the kind of record and its address.
   */
  record Key(int device, int epoch, int kind, String address) {}

  private final Cache<Key, Optional<byte[]>> cache;

  WriteThroughCache(long maxEntries) {
    this.cache = maxEntries <= 0 ? null : Caffeine.newBuilder().maximumSize(maxEntries).build();
  }

  /** The value of {@code key} (a copy), loading it with {@code load} on a miss. */
  Optional<byte[]> get(Key key, Supplier<Optional<byte[]>> load) {
    if (cache == null) {
      return load.get();
    }
    Optional<byte[]> v = cache.get(key, k -> load.get());
    return v.map(byte[]::clone);
  }

  /** Runs {@code storeWrite}, then holds {@code value} (null: absent) for {@code key}. */
  void write(Key key, byte[] value, Runnable storeWrite) {
    if (cache == null) {
      storeWrite.run();
      return;
    }
    Optional<byte[]> next = Optional.ofNullable(value == null ? null : value.clone());
    RuntimeException[] failure = new RuntimeException[1];
    cache.asMap().compute(key, (k, old) -> {
      try {
        storeWrite.run();
        return next;
      } catch (RuntimeException e) {
        failure[0] = e;
        return null; // the outcome may be unknown: read the store next time
      }
    });
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  boolean enabled() {
    return cache != null;
  }
}
