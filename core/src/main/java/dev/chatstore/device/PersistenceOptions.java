package dev.chatstore.device;

import java.time.Duration;

/**
 * Settings of a {@link PersistenceManager}. Immutable; start from {@link #defaults()}.
 *
 * @param saveInterval how often the saver looks for unsaved changes even when not woken
 *     (default 5 s)
 * @param initialBackoff the wait before the first retry of a failed save (default 200 ms); it
 *     doubles with each further failure
 * @param maxBackoff the longest wait between retries (default 30 s)
 * @param unhealthyAfter how many consecutive failed saves make the manager unhealthy (default 3)
 */
public record PersistenceOptions(Duration saveInterval, Duration initialBackoff,
    Duration maxBackoff, int unhealthyAfter) {

  public PersistenceOptions {
    positive(saveInterval, "saveInterval");
    positive(initialBackoff, "initialBackoff");
    positive(maxBackoff, "maxBackoff");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than"
          + " initialBackoff " + initialBackoff + "; expected maxBackoff >= initialBackoff");
    }
    if (unhealthyAfter < 1) {
      throw new IllegalArgumentException("unhealthyAfter " + unhealthyAfter
          + " is below 1; expected a number of failures >= 1");
    }
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " " + d + " must be a positive duration");
    }
  }

  /** Save interval 5 s, backoff 200 ms doubling up to 30 s, unhealthy after 3 failures. */
  public static PersistenceOptions defaults() {
    return new PersistenceOptions(Duration.ofSeconds(5), Duration.ofMillis(200),
        Duration.ofSeconds(30), 3);
  }

  public PersistenceOptions withSaveInterval(Duration d) {
    return new PersistenceOptions(d, initialBackoff, maxBackoff, unhealthyAfter);
  }

  public PersistenceOptions withBackoff(Duration initial, Duration max) {
    return new PersistenceOptions(saveInterval, initial, max, unhealthyAfter);
  }

  public PersistenceOptions withUnhealthyAfter(int failures) {
    return new PersistenceOptions(saveInterval, initialBackoff, maxBackoff, failures);
  }
}
