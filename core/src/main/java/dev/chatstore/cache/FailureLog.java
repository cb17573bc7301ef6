package dev.chatstore.cache;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs the failures of a best-effort cache without flooding the log while a backend is down:
 * the first failure at once, then at most one line per {@value #QUIET_MILLIS} ms, counting the
 * failures it left out. Thread-safe.
 */
final class FailureLog {
  static final long QUIET_MILLIS = 10_000;

  private final Logger log;
  private final String what;
  private final AtomicLong nextLogAt = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  FailureLog(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  void failed(String operation, RuntimeException e) {
    long now = System.currentTimeMillis();
    long due = nextLogAt.get();
    if (now >= due && nextLogAt.compareAndSet(due, now + QUIET_MILLIS)) {
      long skipped = suppressed.getAndSet(0);
      log.warn("{}: {} failed, treated as a miss{}: {}", what, operation,
          skipped == 0 ? "" : " (" + skipped + " more failures since the last report)",
          e.toString());
    } else {
      suppressed.incrementAndGet();
    }
  }
}
