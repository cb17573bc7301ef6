package dev.chatstore.chat;

import java.time.Clock;

/**
 * A hybrid logical clock of one node: hands out {@link HlcTimestamp stamps} that follow the
 * wall clock but never go back, and that move past every stamp the node has received.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>{@link #now()} returns a stamp strictly greater than every stamp this clock returned or
 *       {@linkplain #receive received} before: the wall clock's millisecond with logical 0 when
 *       the wall clock is ahead, else the last stamp with its logical counter plus one. So when
 *       the wall clock steps back, stamps keep growing from the last one.</li>
 *   <li>{@link #receive(HlcTimestamp)} merges a remote stamp: the result is strictly greater
 *       than the remote stamp, the last local stamp and not below the wall clock.</li>
 *   <li><b>Logical overflow.</b> When the logical counter would pass
 *       {@value HlcTimestamp#MAX_LOGICAL} within one millisecond, the clock moves on to the next
 *       millisecond with logical 0 instead: stamps stay strictly increasing, and the clock runs
 *       ahead of the wall clock by at most the overflowed milliseconds until the wall clock
 *       catches up.</li>
 * </ul>
 * Thread-safe: every call is atomic with respect to the others.
 */
public final class Hlc {
  private final Clock clock;
  private HlcTimestamp last = HlcTimestamp.ZERO;

  /**
   * A clock reading wall time from {@code clock}.
   *
   * @throws IllegalArgumentException when {@code clock} is null
   */
  public Hlc(Clock clock) {
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
    this.clock = clock;
  }

  /** A clock reading the system's UTC wall clock. */
  public static Hlc system() {
    return new Hlc(Clock.systemUTC());
  }

  /** The stamp of a local event (sending or storing a message). */
  public synchronized HlcTimestamp now() {
    long wall = wall();
    last = wall > last.physicalMs() ? new HlcTimestamp(wall, 0) : last.successor();
    return last;
  }

  /**
   * Merges {@code remote} (the stamp of a received message) and returns the stamp of the
   * receive event, after both {@code remote} and every stamp this clock has handed out.
   *
   * @throws IllegalArgumentException when {@code remote} is null
   */
  public synchronized HlcTimestamp receive(HlcTimestamp remote) {
    if (remote == null) {
      throw new IllegalArgumentException("remote HLC stamp must not be null");
    }
    long wall = wall();
    HlcTimestamp later = HlcTimestamp.max(last, remote);
    last = wall > later.physicalMs() ? new HlcTimestamp(wall, 0) : later.successor();
    return last;
  }

  /** The last stamp handed out ({@link HlcTimestamp#ZERO} before the first). */
  public synchronized HlcTimestamp last() {
    return last;
  }

  private long wall() {
    return Math.min(Math.max(clock.millis(), 0), HlcTimestamp.MAX_PHYSICAL_MS);
  }

  @Override
  public String toString() {
    return "Hlc[last " + last() + "]";
  }
}
