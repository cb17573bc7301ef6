package dev.chatstore.chat;

import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link ChatDb} runs.
 *
 * @param clock the wall clock of retention cutoffs (default: the system UTC clock); give the
 *     same clock as the {@link Hlc} that stamps the messages
 * @param retention how long messages are kept, or null to keep them forever (the default).
 *     With a retention, messages whose stamp is at or before {@code now - retention} are
 *     <em>expired</em>: {@link ChatDb#putMessage} ignores them, the sync reads leave them out,
 *     and {@link ChatDb#runRetention()} deletes them
 * @param maxPendingWrites how many writes submitted through {@link ChatDb#async} may be in
 *     flight before a caller of it waits (default {@value #DEFAULT_MAX_PENDING_WRITES})
 */
public record ChatDbOptions(Clock clock, Duration retention, int maxPendingWrites) {
  /** Default {@link #maxPendingWrites()}. */
  public static final int DEFAULT_MAX_PENDING_WRITES = 1024;

  /**
   * @throws IllegalArgumentException when the clock is null, the retention is not positive or
   *     maxPendingWrites is below 1, naming the value
   */
  public ChatDbOptions {
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
    if (retention != null && (retention.isNegative() || retention.isZero())) {
      throw new IllegalArgumentException("retention must be positive or null (keep forever), got "
          + retention);
    }
    if (maxPendingWrites < 1) {
      throw new IllegalArgumentException("maxPendingWrites must be at least 1, got "
          + maxPendingWrites);
    }
  }

  /** System clock, no retention, {@value #DEFAULT_MAX_PENDING_WRITES} pending async writes. */
  public static ChatDbOptions defaults() {
    return new ChatDbOptions(Clock.systemUTC(), null, DEFAULT_MAX_PENDING_WRITES);
  }

  /** These options with another clock. */
  public ChatDbOptions withClock(Clock c) {
    return new ChatDbOptions(c, retention, maxPendingWrites);
  }

  /** These options with a retention (null: keep forever). */
  public ChatDbOptions withRetention(Duration r) {
    return new ChatDbOptions(clock, r, maxPendingWrites);
  }

  /** These options with another bound of pending async writes. */
  public ChatDbOptions withMaxPendingWrites(int n) {
    return new ChatDbOptions(clock, retention, n);
  }
}
