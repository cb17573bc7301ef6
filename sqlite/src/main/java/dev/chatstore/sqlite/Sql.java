package dev.chatstore.sqlite;

/**
 * The SQL that {@link SqliteKvStore} prepares, in one place. Keys and values are bound as BLOBs;
 * SQLite compares BLOBs with {@code memcmp} and the shorter first on a common prefix, which is
 * exactly chatstore's unsigned byte order ({@link dev.chatstore.kv.Bytes#ORDER}), so every range
 * condition below is a plain comparison served by the primary key.
 *
 * <p>An entry is live at {@code now} when {@code exp IS NULL OR exp > now} ({@link #LIVE});
 * expired rows stay invisible until the sweeper ({@link #SWEEP}) removes them.
 */
final class Sql {
  /** The liveness condition; binds {@code now}. */
  static final String LIVE = "(exp IS NULL OR exp > ?)";

  /** {@code (k, now) -> v}. */
  static final String GET = "SELECT v FROM kv WHERE k = ? AND " + LIVE;

  // The scans carry no LIMIT: the caller stops stepping after the rows it needs, and SQLite does
  // no work for rows that are never stepped to. A bound LIMIT (LIMIT ?) costs a re-prepare on
  // every scan: the bundled SQLite (3.53) reads a bound LIMIT value while planning, so rebinding
  // it expires the prepared statement (sqlite3ExprIsInteger -> sqlite3VdbeSetVarmask); that was
  // 15-20 % of a 50-row scan (bench/README.md, "Scans"). A literal LIMIT would need a statement
  // per limit.

  /** {@code (start, end, now) -> (k, v, exp)} ascending; the caller stops at its limit. */
  static final String SCAN_ASC_BOUNDED =
      "SELECT k, v, exp FROM kv WHERE k >= ? AND k < ? AND " + LIVE + " ORDER BY k ASC";
  /** {@code (start, now) -> (k, v, exp)} ascending; the caller stops at its limit. */
  static final String SCAN_ASC_UNBOUNDED =
      "SELECT k, v, exp FROM kv WHERE k >= ? AND " + LIVE + " ORDER BY k ASC";
  /** {@code (start, end, now) -> (k, v, exp)} descending; the caller stops at its limit. */
  static final String SCAN_DESC_BOUNDED =
      "SELECT k, v, exp FROM kv WHERE k >= ? AND k < ? AND " + LIVE + " ORDER BY k DESC";
  /** {@code (start, now) -> (k, v, exp)} descending; the caller stops at its limit. */
  static final String SCAN_DESC_UNBOUNDED =
      "SELECT k, v, exp FROM kv WHERE k >= ? AND " + LIVE + " ORDER BY k DESC";

  /** {@code (start, end, now) -> count}. */
  static final String COUNT_BOUNDED =
      "SELECT count(*) FROM kv WHERE k >= ? AND k < ? AND " + LIVE;
  /** {@code (start, now) -> count}. */
  static final String COUNT_UNBOUNDED = "SELECT count(*) FROM kv WHERE k >= ? AND " + LIVE;

  /** {@code (k, v, exp)}: insert or replace value and expiry. */
  static final String UPSERT = "INSERT INTO kv(k, v, exp) VALUES(?, ?, ?) "
      + "ON CONFLICT(k) DO UPDATE SET v = excluded.v, exp = excluded.exp";
  /** {@code (k)}. */
  static final String DELETE = "DELETE FROM kv WHERE k = ?";
  /** {@code (start, end)}. */
  static final String DELETE_RANGE_BOUNDED = "DELETE FROM kv WHERE k >= ? AND k < ?";
  /** {@code (start)}. */
  static final String DELETE_RANGE_UNBOUNDED = "DELETE FROM kv WHERE k >= ?";

  /** {@code (now, max)}: removes up to max expired rows, found through the index kv_exp. */
  static final String SWEEP =
      "DELETE FROM kv WHERE k IN (SELECT k FROM kv WHERE exp <= ? LIMIT ?)";

  private Sql() {}
}
