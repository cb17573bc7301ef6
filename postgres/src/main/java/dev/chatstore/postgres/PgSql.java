package dev.chatstore.postgres;

/**
 * The SQL that {@link PostgresKvStore} runs on one table, in one place.
 *
 * <p>Keys and values are {@code bytea}. PostgreSQL compares {@code bytea} with {@code memcmp} and
 * the shorter first on a common prefix, with no collation involved: exactly chatstore's unsigned
 * byte order ({@link dev.chatstore.kv.Bytes#ORDER}), so every range below is a plain range of the
 * primary key's B-tree and every scan is an index scan in key order.
 *
 * <p>An entry is live at {@code now} when {@code exp IS NULL OR exp > now} ({@link #LIVE}), with
 * {@code now} always bound from the store's clock, never the server's {@code now()}. Expired rows
 * stay invisible until the sweeper ({@link #sweep}) removes them.
 *
 * <p>The table name is validated by {@link PostgresOptions} ({@code [a-z_][a-z0-9_]*}) and
 * quoted, so it is safe to splice in (and may be a reserved word). Immutable.
 */
final class PgSql {
  /** The liveness condition; binds {@code now}. */
  static final String LIVE = "(exp IS NULL OR exp > ?)";
  /**
   * The {@code exp} of a placeholder row that a must-be-absent check inserts to lock an absent
   * key: the smallest bigint, so the row is expired (invisible) for every clock.
   */
  static final long PLACEHOLDER_EXP = Long.MIN_VALUE;
  /** The current transaction's id, assigning one if needed: {@code () -> xid}. */
  static final String CURRENT_XID = "SELECT txid_current()";

  final String get;
  final String getMany;
  final String scanAscBounded;
  final String scanAscUnbounded;
  final String scanDescBounded;
  final String scanDescUnbounded;
  final String countBounded;
  final String countUnbounded;
  /** {@code (k, v, exp) -> xid}: insert or replace one row; answers the transaction id. */
  final String upsertOne;
  /** {@code (k[], v[], exp[]) -> xid}: insert or replace many rows; answers the transaction id. */
  final String upsertMany;
  final String deleteOne;
  final String deleteMany;
  final String deleteRangeBounded;
  final String deleteRangeUnbounded;
  final String lockForCheck;
  final String lockInOrder;
  final String insertPlaceholder;
  final String removePlaceholders;
  final String sweep;

  /** The quoted table name. */
  private final String table;

  PgSql(String table) {
    String t = quote(table);
    this.table = t;
    get = "SELECT v FROM " + t + " WHERE k = ? AND " + LIVE;
    getMany = "SELECT k, v FROM " + t + " WHERE k = ANY(?) AND " + LIVE;
    scanAscBounded = scan(true, true, "?");
    scanAscUnbounded = scan(true, false, "?");
    scanDescBounded = scan(false, true, "?");
    scanDescUnbounded = scan(false, false, "?");
    countBounded = "SELECT count(*) FROM " + t + " WHERE k >= ? AND k < ? AND " + LIVE;
    countUnbounded = "SELECT count(*) FROM " + t + " WHERE k >= ? AND " + LIVE;
    String onConflict = " ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, exp = EXCLUDED.exp";
    // The upserts also answer the transaction id, which the writer needs before COMMIT (to
    // settle a COMMIT lost on the wire), saving a round trip of its own.
    upsertOne = "WITH w AS (INSERT INTO " + t + " (k, v, exp) VALUES (?, ?, ?)" + onConflict
        + ") " + CURRENT_XID;
    upsertMany = "WITH w AS (INSERT INTO " + t + " (k, v, exp) SELECT * FROM unnest(?::bytea[],"
        + " ?::bytea[], ?::bigint[])" + onConflict + ") " + CURRENT_XID;
    deleteOne = "DELETE FROM " + t + " WHERE k = ?";
    deleteMany = "DELETE FROM " + t + " WHERE k = ANY(?)";
    deleteRangeBounded = "DELETE FROM " + t + " WHERE k >= ? AND k < ?";
    deleteRangeUnbounded = "DELETE FROM " + t + " WHERE k >= ?";
    lockForCheck = "SELECT v, exp FROM " + t + " WHERE k = ? FOR UPDATE";
    lockInOrder = "SELECT k FROM " + t + " WHERE k = ANY(?) ORDER BY k FOR UPDATE";
    String placeholderExp = "'" + PLACEHOLDER_EXP + "'::bigint";
    insertPlaceholder = "INSERT INTO " + t + " (k, v, exp) VALUES (?, '\\x'::bytea, "
        + placeholderExp + ") ON CONFLICT (k) DO NOTHING";
    removePlaceholders = "DELETE FROM " + t + " WHERE k = ANY(?) AND exp = " + placeholderExp;
    sweep = "DELETE FROM " + t + " WHERE k IN (SELECT k FROM " + t + " WHERE exp <= ? LIMIT ?"
        + " FOR UPDATE SKIP LOCKED) AND exp <= ?";
  }

  /**
   * A scan: {@code (start[, end], now[, limit]) -> (k, v, exp)} in key order.
   *
   * @param limit {@code "?"} to bind the limit, or a literal number. A literal limit lets
   *     PostgreSQL keep one generic plan for the prepared statement; with a bound limit it
   *     cannot cost the generic plan (it assumes a tenth of the table) and re-plans every
   *     execution, which costs a point scan a fifth of its time.
   */
  String scan(boolean ascending, boolean bounded, String limit) {
    return "SELECT k, v, exp FROM " + table + " WHERE k >= ?" + (bounded ? " AND k < ?" : "")
        + " AND " + LIVE + " ORDER BY k " + (ascending ? "ASC" : "DESC") + " LIMIT " + limit;
  }

  /** {@code name} as a quoted SQL identifier (the name is already validated). */
  static String quote(String name) {
    return '"' + name + '"';
  }
}
