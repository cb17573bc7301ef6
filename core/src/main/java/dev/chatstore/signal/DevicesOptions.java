package dev.chatstore.signal;

import java.time.Clock;

/**
 * Settings of {@link Devices}. Immutable; start from {@link #defaults()}.
 *
 * @param cacheMaxEntries the most sessions and identities kept in the write-through cache
 *     shared by the devices (default {@value #DEFAULT_CACHE_ENTRIES}); 0 turns the cache off
 * @param clock the clock that stamps sent messages (default: the system clock in UTC)
 */
public record DevicesOptions(long cacheMaxEntries, Clock clock) {
  /** The default size of the session and identity cache. */
  public static final long DEFAULT_CACHE_ENTRIES = 10_000;

  public DevicesOptions {
    if (cacheMaxEntries < 0) {
      throw new IllegalArgumentException("cacheMaxEntries " + cacheMaxEntries
          + " is negative; expected 0 (no cache) or more");
    }
    Checks.notNull(clock, "clock");
  }

  /** The cache on with {@value #DEFAULT_CACHE_ENTRIES} entries, the system clock. */
  public static DevicesOptions defaults() {
    return new DevicesOptions(DEFAULT_CACHE_ENTRIES, Clock.systemUTC());
  }

  /** These options with the cache of {@code maxEntries} entries (0: off). */
  public DevicesOptions withCacheMaxEntries(long maxEntries) {
    return new DevicesOptions(maxEntries, clock);
  }

  /** These options with the cache off: every read goes to the store. */
  public DevicesOptions withoutCache() {
    return withCacheMaxEntries(0);
  }

  /** These options with {@code c} stamping sent messages. */
  public DevicesOptions withClock(Clock c) {
    return new DevicesOptions(cacheMaxEntries, c);
  }
}
