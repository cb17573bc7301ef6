package dev.chatstore.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the WAL into the database file on a thread of its own, so that the writer's commits do
 * not wait for it.
 *
 * <p>With SQLite's own automatic checkpoint, the commit that takes the WAL past 1,000 pages copies
 * every page of the WAL into the database file and syncs that file before it returns: every
 * thousandth page written costs one commit a stall of milliseconds, and a writer that dirties
 * several pages per commit stalls that much more often. Here the writer counts the operations it
 * commits (an estimate of the pages it dirties, one each; a large value dirties more, which the
 * backstop below covers) and, every {@link #PAGES_PER_CHECKPOINT} of them, wakes this thread,
 * which runs {@code PRAGMA wal_checkpoint(PASSIVE)} on its own connection: it copies what no
 * reader still needs while the writer goes on committing (SQLite
 * lets a checkpoint and a write transaction run at the same time in WAL mode). Commits too few
 * to wake it are checkpointed within {@link #IDLE_MILLIS} all the same, so a store that goes
 * quiet has its whole WAL copied.
 *
 * <p>The writer connection keeps SQLite's automatic checkpoint, at {@link #BACKSTOP_PAGES}
 * pages, as a backstop: SQLite can only start the WAL over from its beginning once a checkpoint
 * has copied all of it, which a checkpoint running beside a writer that never pauses cannot do.
 * When the WAL reaches the backstop the writer's commit finishes the copy itself (by then only
 * the pages written since this thread's last run are left) and the WAL starts over, so its size
 * stays bounded. A checkpoint changes nothing a reader sees and keeps every committed write:
 * SQLite syncs the WAL before it copies from it (with {@code synchronous=NORMAL} a commit alone
 * does not), and the database file before it lets the WAL be overwritten.
 */
final class WalCheckpointer {
  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

  /** Pages (estimated by operations) committed between two background checkpoints. */
  static final int PAGES_PER_CHECKPOINT = 1000;
  /** The writer's own automatic checkpoint, in pages: the bound of the WAL. */
  static final int BACKSTOP_PAGES = 8 * PAGES_PER_CHECKPOINT;
  /** Commits not yet checkpointed are checkpointed after at most this long without a wake-up. */
  static final long IDLE_MILLIS = 1000;

  private final String name;
  private final Connection conn;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Thread thread;
  /** Operations committed so far; written by one commit at a time, read by the thread. */
  private volatile long committedOps;
  /** {@link #committedOps} when the thread was last woken; commits only. */
  private long wokenAt;
  // guarded by lock
  private boolean requested;
  private boolean stopping;
  // the thread's own
  private long checkpointedOps;
  private volatile long runs;

  /**
   * Starts the checkpointer on {@code conn}, a read-write connection of its own to the database,
   * which it closes when stopped.
   */
  WalCheckpointer(String name, Connection conn) {
    this.name = name;
    this.conn = conn;
    this.thread = Thread.ofPlatform().daemon().name("chatstore-checkpoint " + name)
        .start(this::run);
  }

  /** Sets the writer connection's automatic checkpoint to the backstop. */
  static void configureWriter(Connection writer) throws SQLException {
    try (Statement st = writer.createStatement()) {
      st.execute("PRAGMA wal_autocheckpoint = " + BACKSTOP_PAGES);
    }
  }

  /**
   * Tells the checkpointer that a transaction of {@code ops} operations was committed. Called
   * by one commit at a time (under the store's commit lock); takes a lock only to wake the
   * checkpointer, every {@link #PAGES_PER_CHECKPOINT} operations.
   */
  void committed(int ops) {
    long total = committedOps + Math.max(1, ops);
    committedOps = total;
    if (total - wokenAt >= PAGES_PER_CHECKPOINT) {
      wokenAt = total;
      wake(false);
    }
  }

  /** Wakes the thread to checkpoint, or to stop. */
  private void wake(boolean stop) {
    lock.lock();
    try {
      if (stop) {
        stopping = true;
      } else {
        requested = true;
      }
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  /** How many checkpoints this thread has run, for tests. */
  long runs() {
    return runs;
  }

  private void run() {
    while (true) {
      lock.lock();
      try {
        while (!stopping && !requested) {
          boolean timedOut = !wake.await(IDLE_MILLIS, TimeUnit.MILLISECONDS);
          if (timedOut && committedOps != checkpointedOps) {
            break; // quiet for a while with commits not yet folded in
          }
        }
        if (stopping) {
          return;
        }
        requested = false;
        checkpointedOps = committedOps;
      } catch (InterruptedException e) {
        continue; // stopped only through stop()
      } finally {
        lock.unlock();
      }
      checkpoint();
    }
  }

  private void checkpoint() {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      runs++;
      if (LOG.isTraceEnabled() && rs.next()) {
        LOG.trace("{}: checkpoint: busy {}, {} pages in the WAL, {} copied", name, rs.getInt(1),
            rs.getInt(2), rs.getInt(3));
      }
    } catch (SQLException e) {
      // SQLITE_BUSY (another checkpoint runs) or an I/O error: the next run, the writer's
      // backstop or the checkpoint at close folds the WAL in; nothing committed is at risk.
      LOG.debug("{}: background checkpoint failed", name, e);
    }
  }

  /** Stops the thread (a checkpoint under way finishes first) and closes its connection. */
  void stop() {
    wake(true);
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      conn.close();
    } catch (SQLException e) {
      LOG.debug("{}: closing the checkpoint connection failed", name, e);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
