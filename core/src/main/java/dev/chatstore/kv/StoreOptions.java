package dev.chatstore.kv;

import java.time.Clock;
import java.time.Duration;

/**
 * How a store runs, independent of its backend.
 *
 * @param clock the clock that decides expiry; tests inject their own
 * @param writeQueueCapacity how many write batches may wait for the writer before a producer
 *     waits (default {@value #DEFAULT_WRITE_QUEUE})
 * @param maxGroupOps the most operations the writer commits in one transaction (default
 *     {@value #DEFAULT_GROUP_OPS}); one larger batch is still committed alone
 * @param sweepInterval how often expired entries are removed physically (default 30 s)
 */
public record StoreOptions(Clock clock, int writeQueueCapacity, int maxGroupOps,
    Duration sweepInterval) {
  /** Default capacity of the write queue, in batches. */
  public static final int DEFAULT_WRITE_QUEUE = 4096;
  /** Default most operations per group commit. */
  public static final int DEFAULT_GROUP_OPS = 20_000;

  public StoreOptions {
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
    if (writeQueueCapacity < 1) {
      throw new IllegalArgumentException("writeQueueCapacity must be at least 1, got "
          + writeQueueCapacity);
    }
    if (maxGroupOps < 1) {
      throw new IllegalArgumentException("maxGroupOps must be at least 1, got " + maxGroupOps);
    }
    if (sweepInterval == null || sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new IllegalArgumentException("sweepInterval must be positive, got " + sweepInterval);
    }
  }

  /** The defaults: system clock, 4096 queued batches, 20,000 operations per group, 30 s sweep. */
  public static StoreOptions defaults() {
    return new StoreOptions(Clock.systemUTC(), DEFAULT_WRITE_QUEUE, DEFAULT_GROUP_OPS,
        Duration.ofSeconds(30));
  }

  /** These options with another clock. */
  public StoreOptions withClock(Clock c) {
    return new StoreOptions(c, writeQueueCapacity, maxGroupOps, sweepInterval);
  }

  /** These options with another write queue capacity. */
  public StoreOptions withWriteQueueCapacity(int capacity) {
    return new StoreOptions(clock, capacity, maxGroupOps, sweepInterval);
  }

  /** These options with another sweep interval. */
  public StoreOptions withSweepInterval(Duration interval) {
    return new StoreOptions(clock, writeQueueCapacity, maxGroupOps, interval);
  }
}
