package dev.chatstore.files;

import dev.chatstore.files.ExpiryLog.Expiry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The expiry times given by {@link FileEngine#setTtl}: in memory for the readers, in the
 * {@link ExpiryLog} for the next open, and the thread that sweeps expired keys from the disk.
 *
 * <p>An expiry belongs to one value, the one whose file has its {@code stampNanos}: a key whose
 * file has another time (written again since) is not expiring, whatever this holds. The sweep
 * thread starts with the first expiry, so an engine never given a TTL runs no thread.
 * Thread-safe.
 */
final class Expiries {
  private final Map<String, Expiry> byKey = new ConcurrentHashMap<>();
  private final ExpiryLog log;
  private final Clock clock;
  private final Duration sweepInterval;
  private final String threadName;
  private ScheduledExecutorService sweeper;
  private boolean closed;

  Expiries(ExpiryLog log, Clock clock, Duration sweepInterval, String threadName) {
    this.log = log;
    this.clock = clock;
    this.sweepInterval = sweepInterval;
    this.threadName = threadName;
  }

  /**
   * Loads the log, keeping the expiries of the values still on disk ({@code index} holds their
   * times); returns the keys already expired, whose files the caller deletes.
   */
  List<String> load(KeyIndex index) throws IOException {
    for (Map.Entry<String, Expiry> e : log.load().entrySet()) {
      Long stamp = index.stamp(e.getKey());
      if (stamp != null && stamp == e.getValue().stampNanos()) {
        byKey.put(e.getKey(), e.getValue());
      }
    }
    long now = clock.millis();
    return byKey.entrySet().stream().filter(e -> e.getValue().expiresAtMillis() <= now)
        .map(Map.Entry::getKey).toList();
  }

  /** The current time for {@link #isLive}: the clock only when some key may expire. */
  long now() {
    return byKey.isEmpty() ? 0 : clock.millis();
  }

  boolean isEmpty() {
    return byKey.isEmpty();
  }

  /** Whether the value of {@code key} written at {@code stamp} is still there at {@code now}. */
  boolean isLive(String key, Long stamp, long now) {
    Expiry expiry = byKey.get(key);
    return expiry == null || stamp == null || stamp != expiry.stampNanos()
        || now < expiry.expiresAtMillis();
  }

  /** Logs, durably, that the value about to be written at {@code stamp} expires at {@code at}. */
  void log(String key, long at, long stamp) throws IOException {
    log.append(key, new Expiry(at, stamp));
  }

  /** Records, once the value is written, that it expires at {@code at}; starts the sweep. */
  void written(String key, long at, long stamp, Runnable sweep) {
    byKey.put(key, new Expiry(at, stamp));
    startSweeper(sweep);
  }

  /** Forgets the expiry of {@code key}, whose value was replaced or deleted. */
  void forget(String key) {
    byKey.remove(key);
  }

  /** The expiries due at {@code now}. */
  List<Map.Entry<String, Expiry>> due(long now) {
    return byKey.entrySet().stream().filter(e -> e.getValue().expiresAtMillis() <= now)
        .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
  }

  /** Forgets {@code key}'s expiry if it is still {@code expiry}. */
  void forget(String key, Expiry expiry) {
    byKey.remove(key, expiry);
  }

  /** Whether the log holds many more lines than there are live expiries. */
  boolean compactionDue() {
    return log.linesSinceRewrite() > 2L * byKey.size() + 1024;
  }

  /** Rewrites the log with the live expiries only; the caller holds off every write. */
  void compact() throws IOException {
    log.rewrite(Map.copyOf(byKey));
  }

  private synchronized void startSweeper(Runnable sweep) {
    if (sweeper != null || closed) {
      return;
    }
    sweeper = Executors.newSingleThreadScheduledExecutor(task -> Thread.ofPlatform().daemon()
        .name(threadName).unstarted(task));
    long every = Math.max(1, sweepInterval.toMillis());
    sweeper.scheduleWithFixedDelay(sweep, every, every, TimeUnit.MILLISECONDS);
  }

  /** Starts the sweep when expiries were loaded. */
  void startSweeperIfAny(Runnable sweep) {
    if (!byKey.isEmpty()) {
      startSweeper(sweep);
    }
  }

  /** Stops the sweep and closes the log. */
  void close() throws IOException {
    synchronized (this) {
      closed = true;
      if (sweeper != null) {
        sweeper.shutdownNow();
      }
    }
    log.closeAppender();
  }
}
