package dev.chatstore.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The read statements of one physical pgjdbc connection, prepared once and reused every time the
 * pool lends that connection out again. Preparing per call would cost a statement object and a
 * cache lookup each time; a point read is short enough for that to show.
 *
 * <p>Not thread-safe: it is used only by the thread that has borrowed its connection from the
 * pool, which lends a connection to one thread at a time. The statements die with their
 * connection when the pool retires it.
 */
final class ReadStatements {
  /** How many scan statements with a literal limit one connection keeps, at most. */
  static final int MAX_LITERAL_SCANS = 32;

  final Connection connection;
  private final PgSql sql;
  /** Scans with a literal limit, by {@link #scanKey}: one generic plan each (see PgSql). */
  private final Map<Long, PreparedStatement> literalScans = new HashMap<>();
  final PreparedStatement get;
  final PreparedStatement getMany;
  private final PreparedStatement scanAscBounded;
  private final PreparedStatement scanAscUnbounded;
  private final PreparedStatement scanDescBounded;
  private final PreparedStatement scanDescUnbounded;
  private final PreparedStatement countBounded;
  private final PreparedStatement countUnbounded;

  /**
   * Prepares the statements (locally: pgjdbc sends nothing until they run).
   *
   * @param physical the pool's underlying connection, not its proxy
   */
  ReadStatements(Connection physical, PgSql sql) throws SQLException {
    this.connection = physical;
    this.sql = sql;
    this.get = physical.prepareStatement(sql.get);
    this.getMany = physical.prepareStatement(sql.getMany);
    this.scanAscBounded = physical.prepareStatement(sql.scanAscBounded);
    this.scanAscUnbounded = physical.prepareStatement(sql.scanAscUnbounded);
    this.scanDescBounded = physical.prepareStatement(sql.scanDescBounded);
    this.scanDescUnbounded = physical.prepareStatement(sql.scanDescUnbounded);
    this.countBounded = physical.prepareStatement(sql.countBounded);
    this.countUnbounded = physical.prepareStatement(sql.countUnbounded);
  }

  /**
   * The scan statement for a direction, a bounded or open-ended range and a limit: one with the
   * limit written into it while fewer than {@value #MAX_LITERAL_SCANS} distinct ones are kept
   * (applications use a few page sizes), else one that binds the limit as its last parameter.
   *
   * @return the statement, and whether its last parameter is the limit
   */
  Scan scan(boolean ascending, boolean bounded, int limit) throws SQLException {
    long key = scanKey(ascending, bounded, limit);
    PreparedStatement ps = literalScans.get(key);
    if (ps == null && literalScans.size() < MAX_LITERAL_SCANS) {
      ps = connection.prepareStatement(sql.scan(ascending, bounded, Integer.toString(limit)));
      literalScans.put(key, ps);
    }
    if (ps != null) {
      return new Scan(ps, false);
    }
    return new Scan(ascending ? (bounded ? scanAscBounded : scanAscUnbounded)
        : (bounded ? scanDescBounded : scanDescUnbounded), true);
  }

  /**
   * A scan statement.
   *
   * @param statement the prepared statement
   * @param bindsLimit whether its last parameter is the limit
   */
  record Scan(PreparedStatement statement, boolean bindsLimit) {}

  private static long scanKey(boolean ascending, boolean bounded, int limit) {
    return ((long) limit << 2) | (ascending ? 2 : 0) | (bounded ? 1 : 0);
  }

  /** The count statement for a bounded or open-ended range. */
  PreparedStatement count(boolean bounded) {
    return bounded ? countBounded : countUnbounded;
  }

  /** Whether the connection has been closed (by the pool, or by a failure). */
  boolean isDead() {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /** Closes the statements; failures are ignored (the connection may be gone already). */
  void close() {
    for (PreparedStatement ps : literalScans.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        // the connection is gone; so are its statements
      }
    }
    for (PreparedStatement ps : List.of(get, getMany, scanAscBounded, scanAscUnbounded,
        scanDescBounded, scanDescUnbounded, countBounded, countUnbounded)) {
      try {
        ps.close();
      } catch (SQLException e) {
        // the connection is gone; so are its statements
      }
    }
  }
}
