package dev.chatstore.postgres;

import dev.chatstore.kv.StoreException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry and fail-fast policy of one {@link PostgresKvStore}: runs a unit of JDBC work, retries
 * it when the server cannot be reached or when PostgreSQL aborted it for a conflict, and turns
 * what is left into a {@link StoreException} of the right kind.
 *
 * <h2>Policy</h2>
 * <ul>
 *   <li><b>Lost server</b> (SQLState class {@code 08}, {@code 57P01..03}, {@code 53300}, a pool
 *       timeout): the work is retried with exponential backoff, from
 *       {@link PostgresOptions#retryBackoffMs()} doubling up to
 *       {@value PostgresOptions#MAX_BACKOFF_MS} ms, for {@link PostgresOptions#retryTimeoutMs()};
 *       then the call fails with {@link StoreException.Kind#CONNECTION} and the server is marked
 *       unreachable. A single attempt waits at most {@link PostgresOptions#connectTimeoutMs()} for
 *       a connection, so a call fails within {@link PostgresOptions#failureTimeoutMs()}.</li>
 *   <li><b>Unreachable</b>: while the server is marked unreachable, calls fail at once with
 *       {@code CONNECTION}, except that one call every {@value #PROBE_INTERVAL_MS} ms makes one
 *       attempt (a probe). The first attempt that succeeds marks the server reachable again, so
 *       the same store object recovers by itself, at most {@value #PROBE_INTERVAL_MS} ms after the
 *       server is back (plus the probe's own connection time).</li>
 *   <li><b>Conflicts</b> ({@code 40001} serialization failure, {@code 40P01} deadlock): PostgreSQL
 *       rolled the transaction back whole, so the work is retried at once after a short random
 *       pause, up to {@value #MAX_CONFLICT_RETRIES} times.</li>
 *   <li>Anything else fails at once with {@link StoreException.Kind#DATABASE}.</li>
 * </ul>
 * The work must therefore be safe to run again after any failure: a read, or a transaction that
 * PostgreSQL rolled back. Thread-safe.
 */
final class ConnectionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  /** How often a call may probe a server marked unreachable, in milliseconds. */
  static final long PROBE_INTERVAL_MS = 1_000;
  /** How many times work aborted by a conflict (deadlock, serialization) is run again. */
  static final int MAX_CONFLICT_RETRIES = 50;

  /** One unit of JDBC work, safe to run again after a failure. */
  @FunctionalInterface
  interface SqlWork<T> {
    /** Runs the work once. */
    T run() throws SQLException;
  }

  private final String name;
  private final PostgresOptions options;
  /** When the server was marked unreachable ({@link System#nanoTime()}), or 0 when reachable. */
  private volatile long unreachableSince;
  private volatile String lastFailure = "";
  private final AtomicLong lastProbe = new AtomicLong();

  ConnectionGuard(String name, PostgresOptions options) {
    this.name = name;
    this.options = options;
  }

  /**
   * Runs {@code work} under the policy of the class comment.
   *
   * @param what the operation, for messages ("get 0x61", "commit of 3 write batches"); asked
   *     for only when a message is made
   * @param work the work
   * @return what the work returned
   * @throws StoreException of kind {@link StoreException.Kind#CONNECTION} when the server cannot
   *     be reached within the retry timeout or is marked unreachable, of kind
   *     {@link StoreException.Kind#DATABASE} when PostgreSQL fails the work otherwise
   */
  <T> T call(Supplier<String> what, SqlWork<T> work) {
    long start = System.nanoTime();
    long deadline;
    long since = unreachableSince;
    if (since != 0) {
      long last = lastProbe.get();
      if (start - last < TimeUnit.MILLISECONDS.toNanos(PROBE_INTERVAL_MS)
          || !lastProbe.compareAndSet(last, start)) {
        throw unreachable(what, since, null);
      }
      deadline = start; // one attempt: the probe
    } else {
      deadline = start + TimeUnit.MILLISECONDS.toNanos(options.retryTimeoutMs());
    }
    long backoffMs = options.retryBackoffMs();
    int conflicts = 0;
    int attempts = 0;
    while (true) {
      attempts++;
      try {
        T result = work.run();
        if (unreachableSince != 0) {
          LOG.info("{}: the server answers again; the store works again", name);
          unreachableSince = 0;
        }
        return result;
      } catch (SQLException e) {
        if (!isConnectionFailure(e)) {
          unreachableSince = 0; // the server answered
        }
        if (isConflict(e) && conflicts < MAX_CONFLICT_RETRIES) {
          conflicts++;
          if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} was aborted by PostgreSQL ({}); running it again", name, what.get(),
                e.getSQLState());
          }
          pause(1 + ThreadLocalRandom.current().nextInt(Math.min(50, 2 * conflicts)));
          continue;
        }
        if (!isConnectionFailure(e)) {
          throw new StoreException(StoreException.Kind.DATABASE, name + ": " + what.get()
              + " failed: " + describe(e), e);
        }
        lastFailure = describe(e);
        long now = System.nanoTime();
        if (now + TimeUnit.MILLISECONDS.toNanos(backoffMs) >= deadline) {
          if (unreachableSince == 0) {
            unreachableSince = now == 0 ? 1 : now;
            lastProbe.set(now);
            LOG.warn("{}: the server cannot be reached ({}); calls fail at once until it answers"
                + " again (probing every {} ms)", name, lastFailure, PROBE_INTERVAL_MS);
          }
          throw new StoreException(StoreException.Kind.CONNECTION, name + ": " + what.get()
              + " failed: the server cannot be reached after " + attempts + " attempt"
              + (attempts == 1 ? "" : "s") + " in " + TimeUnit.NANOSECONDS.toMillis(now - start)
              + " ms (retry timeout " + (since != 0 ? 0 : options.retryTimeoutMs()) + " ms): "
              + lastFailure, e);
        }
        if (LOG.isDebugEnabled()) {
          LOG.debug("{}: {} lost the server ({}); retrying in {} ms", name, what.get(),
              lastFailure, backoffMs);
        }
        pause(backoffMs);
        backoffMs = Math.min(backoffMs * 2, PostgresOptions.MAX_BACKOFF_MS);
      }
    }
  }

  /** Whether the server is currently marked unreachable. */
  boolean isUnreachable() {
    return unreachableSince != 0;
  }

  private StoreException unreachable(Supplier<String> what, long since, Throwable cause) {
    long ago = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    return new StoreException(StoreException.Kind.CONNECTION, name + ": " + what.get()
        + " failed at once: the server has been unreachable for " + ago + " ms (last error: "
        + lastFailure + "); the store probes it every " + PROBE_INTERVAL_MS + " ms and works"
        + " again as soon as it answers", cause);
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Kind.CONNECTION, name
          + ": interrupted while waiting to retry; last error: " + lastFailure, e);
    }
  }

  /** Whether {@code e} says the server or the connection to it is lost or not reachable. */
  static boolean isConnectionFailure(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException se && se.getSQLState() != null) {
        String state = se.getSQLState();
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
            || state.equals("57P03") || state.equals("53300")) {
          return true;
        }
      }
      if (t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code e} is a serialization failure or deadlock: the transaction was rolled back. */
  static boolean isConflict(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state);
  }

  /** The message of {@code e} with its SQLState, for messages. */
  static String describe(SQLException e) {
    String state = e.getSQLState();
    String msg = e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && (msg == null
        || !msg.contains(cause.getMessage()))) {
      msg = msg + " (" + cause.getMessage() + ")";
    }
    return (state == null ? "" : "[" + state + "] ") + msg;
  }
}
