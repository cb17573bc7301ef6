package dev.chatstore.sqlite;

import dev.chatstore.kv.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read connections of one {@link SqliteKvStore}: a fixed set of {@code query_only}
 * connections, each with its statements prepared once, lent out through a blocking queue.
 *
 * <p>A reader takes a connection ({@link #borrow()}), uses it on its own thread and gives it back
 * ({@link #release}) in a {@code finally}. When the store closes, {@link #closeAll()} waits until
 * every connection is back, closes them, and leaves a poison token in the queue: any thread still
 * waiting for a connection, or arriving later, takes the token, puts it back for the next one, and
 * fails with {@link StoreException.Kind#CLOSED}. So a read racing a close either completes or
 * fails as CLOSED; it never waits forever.
 */
final class ReaderPool {
  private static final Logger LOG = LoggerFactory.getLogger(ReaderPool.class);
  private static final Object POISON = new Object();

  private final String name;
  private final BooleanSupplier closed;
  private final List<Reader> all;
  /**
   * The idle connections, used as a stack: the connection given back last is lent first, so a
   * lone thread keeps reusing one warm connection (its page cache and prepared statements)
   * instead of rotating through the coldest one; this was worth ~15% of a point get.
   */
  private final BlockingDeque<Object> idle;

  /**
   * @param name the store's name for messages
   * @param closed tells whether the store is closed (borrowing then fails)
   * @param readers the connections, already opened and prepared
   */
  ReaderPool(String name, BooleanSupplier closed, List<Reader> readers) {
    this.name = name;
    this.closed = closed;
    this.all = List.copyOf(readers);
    this.idle = new LinkedBlockingDeque<>(readers.size() + 1);
    idle.addAll(readers);
  }

  /** How many connections the pool holds. */
  int size() {
    return all.size();
  }

  /**
   * Takes a free connection, waiting for one when all are lent out.
   *
   * @throws StoreException of kind CLOSED when the store is closed
   */
  Reader borrow() {
    if (closed.getAsBoolean()) {
      throw closedError();
    }
    Object o = idle.pollFirst(); // a free connection serves even an interrupted thread
    try {
      if (o == null) {
        o = idle.takeFirst();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Kind.DATABASE, name
          + ": interrupted while waiting for a free read connection", e);
    }
    if (o == POISON) {
      idle.offerFirst(POISON); // wake the next waiter too
      throw closedError();
    }
    Reader r = (Reader) o;
    if (closed.getAsBoolean()) {
      idle.offerFirst(r); // closeAll() is collecting the connections
      throw closedError();
    }
    return r;
  }

  /** Gives back a connection taken with {@link #borrow()}. */
  void release(Reader r) {
    if (!idle.offerFirst(r)) {
      throw new IllegalStateException(name + ": read connection given back twice");
    }
  }

  /**
   * Waits for every lent connection to come back, then closes them all. Called once, after the
   * store is marked closed (so no new borrow succeeds).
   */
  void closeAll() {
    List<Reader> back = new ArrayList<>(all.size());
    boolean interrupted = false;
    long waitingSince = System.nanoTime();
    while (back.size() < all.size()) {
      Object o;
      try {
        o = idle.pollFirst(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
        continue;
      }
      if (o instanceof Reader r) {
        back.add(r);
      } else if (o == null) {
        LOG.debug("{}: close waits for {} read connections in use for {} ms", name,
            all.size() - back.size(), (System.nanoTime() - waitingSince) / 1_000_000);
      }
    }
    idle.offer(POISON);
    for (Reader r : back) {
      r.close(name);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private StoreException closedError() {
    return new StoreException(StoreException.Kind.CLOSED, name + " is closed");
  }

  /**
   * One read connection and its prepared statements. Used by one thread at a time (the one that
   * borrowed it).
   */
  static final class Reader {
    final Connection conn;
    /** {@code (k, now) -> v} of a live entry. */
    final PreparedStatement get;
    /** {@code (start, end, now) -> (k, v, exp)}, ascending, up to the caller's limit. */
    final PreparedStatement scanAscBounded;
    /** {@code (start, now) -> (k, v, exp)}, ascending, up to the caller's limit. */
    final PreparedStatement scanAscUnbounded;
    /** {@code (start, end, now) -> (k, v, exp)}, descending, up to the caller's limit. */
    final PreparedStatement scanDescBounded;
    /** {@code (start, now) -> (k, v, exp)}, descending, up to the caller's limit. */
    final PreparedStatement scanDescUnbounded;
    /** {@code (start, end, now) -> count}. */
    final PreparedStatement countBounded;
    /** {@code (start, now) -> count}. */
    final PreparedStatement countUnbounded;
    /** Starts a read transaction (one snapshot for several statements). */
    final PreparedStatement begin;
    /** Ends the read transaction. */
    final PreparedStatement end;

    /** Prepares every statement on {@code conn}; closes nothing on failure. */
    Reader(Connection conn) throws SQLException {
      this.conn = conn;
      this.get = conn.prepareStatement(Sql.GET);
      this.scanAscBounded = conn.prepareStatement(Sql.SCAN_ASC_BOUNDED);
      this.scanAscUnbounded = conn.prepareStatement(Sql.SCAN_ASC_UNBOUNDED);
      this.scanDescBounded = conn.prepareStatement(Sql.SCAN_DESC_BOUNDED);
      this.scanDescUnbounded = conn.prepareStatement(Sql.SCAN_DESC_UNBOUNDED);
      this.countBounded = conn.prepareStatement(Sql.COUNT_BOUNDED);
      this.countUnbounded = conn.prepareStatement(Sql.COUNT_UNBOUNDED);
      this.begin = conn.prepareStatement("BEGIN DEFERRED");
      this.end = conn.prepareStatement("COMMIT");
    }

    /** Closes the statements and the connection, logging a failure. */
    void close(String storeName) {
      try {
        for (PreparedStatement ps : List.of(get, scanAscBounded, scanAscUnbounded,
            scanDescBounded, scanDescUnbounded, countBounded, countUnbounded, begin, end)) {
          ps.close();
        }
      } catch (SQLException e) {
        LOG.debug("{}: closing a read statement failed", storeName, e);
      }
      try {
        conn.close();
      } catch (SQLException e) {
        LOG.warn("{}: closing a read connection failed", storeName, e);
      }
    }
  }
}
