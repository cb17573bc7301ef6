package dev.chatstore.files;

import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link FileEngine} runs.
 *
 * @param clock the clock that decides expiry ({@link FileEngine#setTtl}) and gives new files
 *     their modification times; default {@link Clock#systemUTC()}; tests inject their own
 * @param durable whether every write is forced to disk before it returns (the file, then its
 *     folder); default {@code true}. With {@code false}, writes are still atomic for readers
 *     and after a crash of the process, but a power loss may lose the latest writes
 * @param sweepInterval how often expired keys are deleted from the disk (they are invisible
 *     from the moment they expire, whatever this says); default 30 seconds
 */
public record FileEngineOptions(Clock clock, boolean durable, Duration sweepInterval) {
  /** Default {@link #sweepInterval()}. */
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(30);

  /**
   * Checks the options.
   *
   * @throws IllegalArgumentException when {@code clock} is null or {@code sweepInterval} is
   *     null, zero or negative
   */
  public FileEngineOptions {
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
    if (sweepInterval == null || sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new IllegalArgumentException("sweepInterval must be positive, got " + sweepInterval);
    }
  }

  /** The defaults: system clock, durable writes, sweep every 30 seconds. */
  public static FileEngineOptions defaults() {
    return new FileEngineOptions(Clock.systemUTC(), true, DEFAULT_SWEEP_INTERVAL);
  }

  /** These options with another clock. */
  public FileEngineOptions withClock(Clock c) {
    return new FileEngineOptions(c, durable, sweepInterval);
  }

  /** These options with durable writes on or off. */
  public FileEngineOptions withDurable(boolean d) {
    return new FileEngineOptions(clock, d, sweepInterval);
  }

  /** These options with another sweep interval. */
  public FileEngineOptions withSweepInterval(Duration interval) {
    return new FileEngineOptions(clock, durable, interval);
  }
}
