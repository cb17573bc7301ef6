package dev.chatstore.postgres;

import dev.chatstore.kv.StoreException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema of a chatstore table in PostgreSQL, its history, and the check-and-migrate step run
 * when a store opens.
 *
 * <h2>Tables</h2>
 * A store named by table {@code T} owns two tables:
 * <pre>
 *   T       (k bytea PRIMARY KEY, v bytea NOT NULL, exp bigint)    the entries
 *   T_exp   index on T (exp) WHERE exp IS NOT NULL                  for the expiry sweeper
 *   T_meta  (name text PRIMARY KEY, value text NOT NULL)            ('schema_version', '1')
 * </pre>
 * {@code exp} is the expiry in epoch milliseconds by the store's clock, {@code NULL} for none.
 * The meta table identifies the table as chatstore's and records its schema version.
 *
 * <h2>History</h2>
 * <ol>
 *   <li>Version 1 (current): the tables above.</li>
 * </ol>
 * A new version appends one {@link Migration} to {@link #MIGRATIONS} (from the previous version),
 * raises {@link #CURRENT_VERSION} and updates {@link #createCurrent(String)}; the two paths must
 * lead to the same schema.
 *
 * <h2>Opening</h2>
 * {@link #ensure} runs in one transaction that first takes a transaction-scoped advisory lock on
 * the table's name, so that stores opening the same new table at once (several application
 * nodes starting together) do not both create it:
 * <ul>
 *   <li>neither table exists: the current schema is created and stamped;</li>
 *   <li>{@code T} exists without {@code T_meta}, or {@code T_meta} holds no valid version: refused
 *       ({@link StoreException.Kind#MIGRATION}, "not a chatstore table"), nothing written;</li>
 *   <li>a version newer than {@link #CURRENT_VERSION}: refused
 *       ({@link StoreException.Kind#MIGRATION}) naming the version found and the newest this code
 *       reads; nothing is written;</li>
 *   <li>an older version: every later {@link Migration} runs in order in that same transaction,
 *       so a migration applies whole or not at all (PostgreSQL's DDL is transactional).</li>
 * </ul>
 */
final class PostgresSchema {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSchema.class);

  /** The schema version this code creates, and the newest it reads. */
  static final int CURRENT_VERSION = 1;
  /** The row of the meta table that holds the schema version. */
  static final String VERSION_KEY = "schema_version";

  /** One step of the history: from {@code from} to {@code from + 1}, as SQL for a table. */
  record Migration(int from, String description, Step step) {}

  /** The SQL of one migration step for one table. */
  @FunctionalInterface
  interface Step {
    /** The statements to run, in order, for the table named {@code table}. */
    List<String> statements(String table);
  }

  /** Every migration step, in order; step {@code i} goes from version {@code i + 1}. */
  static final List<Migration> MIGRATIONS = List.of();

  /** What {@link #ensure} did. */
  enum Outcome {
    /** The tables did not exist and were created. */
    CREATED,
    /** The tables already had the current schema. */
    CURRENT,
    /** The tables had an older schema and were migrated. */
    MIGRATED
  }

  private PostgresSchema() {}

  /** The statements that create the current schema for table {@code table}. */
  static List<String> createCurrent(String table) {
    String t = PgSql.quote(table);
    String meta = PgSql.quote(table + "_meta");
    return List.of(
        "CREATE TABLE " + t + " (k bytea NOT NULL PRIMARY KEY, v bytea NOT NULL, exp bigint)",
        "CREATE INDEX " + PgSql.quote(table + "_exp") + " ON " + t
            + " (exp) WHERE exp IS NOT NULL",
        "CREATE TABLE " + meta + " (name text NOT NULL PRIMARY KEY, value text NOT NULL)");
  }

  /**
   * Checks the tables of {@code table} and creates or migrates them to {@link #CURRENT_VERSION};
   * see the class comment.
   *
   * @param conn a connection in auto-commit mode; left in auto-commit mode
   * @param table the table name (validated)
   * @param name the store's name for messages
   * @return what was done
   * @throws StoreException of kind {@link StoreException.Kind#MIGRATION} when the table is not
   *     chatstore's, is newer than this code, or its migration fails
   * @throws SQLException when PostgreSQL fails otherwise (connection lost, no privilege, ...)
   */
  static Outcome ensure(Connection conn, String table, String name) throws SQLException {
    return ensure(conn, table, name, CURRENT_VERSION, MIGRATIONS);
  }

  /**
   * {@link #ensure(Connection, String, String)} against a given history: the code's version
   * {@code current} and the steps leading to it. Tests use it to exercise migrations.
   */
  static Outcome ensure(Connection conn, String table, String name, int current,
      List<Migration> migrations) throws SQLException {
    checkHistory(current, migrations);
    if (current < CURRENT_VERSION) {
      throw new IllegalArgumentException("a history must extend this code's: version " + current
          + " is older than " + CURRENT_VERSION);
    }
    String meta = table + "_meta";
    conn.setAutoCommit(false);
    boolean done = false;
    try (Statement st = conn.createStatement()) {
      try (PreparedStatement lock = conn.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, lockKey(table));
        lock.execute();
      }
      boolean hasTable = exists(conn, table);
      boolean hasMeta = exists(conn, meta);
      Outcome outcome;
      if (!hasTable && !hasMeta) {
        for (String sql : createAt(table, current, migrations)) {
          st.execute(sql);
        }
        stamp(conn, meta, current, true);
        outcome = Outcome.CREATED;
        LOG.debug("{}: created schema version {}", name, current);
      } else if (!hasMeta) {
        throw new StoreException(StoreException.Kind.MIGRATION, name + ": table " + table
            + " exists but has no meta table " + meta + ", so it is not a chatstore table;"
            + " refusing to use it so as not to change another application's data (nothing"
            + " was changed)");
      } else {
        int version = readVersion(conn, meta, name);
        if (version > current) {
          throw new StoreException(StoreException.Kind.MIGRATION, name + ": table " + table
              + " has schema version " + version + ", newer than version " + current
              + ", the newest this version of chatstore reads; open it with a newer chatstore"
              + " (nothing was changed)");
        }
        if (version < 1) {
          throw new StoreException(StoreException.Kind.MIGRATION, name + ": " + meta
              + " records schema version " + version + ", which no chatstore ever wrote;"
              + " expected 1 to " + current + " (nothing was changed)");
        }
        if (!hasTable) {
          throw new StoreException(StoreException.Kind.MIGRATION, name + ": meta table " + meta
              + " records schema version " + version + " but the table " + table
              + " is missing; expected both (nothing was changed)");
        }
        if (version == current) {
          outcome = Outcome.CURRENT;
        } else {
          migrate(conn, st, table, name, version, current, migrations);
          outcome = Outcome.MIGRATED;
        }
      }
      conn.commit();
      done = true;
      return outcome;
    } finally {
      if (!done) {
        try {
          conn.rollback();
        } catch (SQLException e) {
          LOG.debug("{}: rollback after a failed schema check failed too", name, e);
        }
      }
      conn.setAutoCommit(true);
    }
  }

  /**
   * The statements that create the schema of version {@code version} of a history that extends
   * this code's: the current schema, then the steps after {@link #CURRENT_VERSION} (tests only).
   */
  private static List<String> createAt(String table, int version, List<Migration> migrations) {
    List<String> out = new ArrayList<>(createCurrent(table));
    for (Migration m : migrations.subList(CURRENT_VERSION - 1, version - 1)) {
      out.addAll(m.step().statements(table));
    }
    return out;
  }

  private static void migrate(Connection conn, Statement st, String table, String name,
      int from, int current, List<Migration> migrations) throws SQLException {
    LOG.info("{}: migrating schema version {} to version {}", name, from, current);
    for (Migration m : migrations.subList(from - 1, current - 1)) {
      try {
        for (String sql : m.step().statements(table)) {
          st.execute(sql);
        }
      } catch (SQLException e) {
        throw new StoreException(StoreException.Kind.MIGRATION, name + ": migration of table "
            + table + " from schema version " + m.from() + " to " + (m.from() + 1) + " ("
            + m.description() + ") failed, nothing was changed: " + e.getMessage(), e);
      }
      LOG.info("{}: migrated schema version {} to {}: {}", name, m.from(), m.from() + 1,
          m.description());
    }
    stamp(conn, table + "_meta", current, false);
  }

  private static void stamp(Connection conn, String meta, int version, boolean insert)
      throws SQLException {
    String sql = insert
        ? "INSERT INTO " + PgSql.quote(meta) + " (name, value) VALUES (?, ?)"
        : "UPDATE " + PgSql.quote(meta) + " SET value = ? WHERE name = ?";
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      ps.setString(insert ? 1 : 2, VERSION_KEY);
      ps.setString(insert ? 2 : 1, Integer.toString(version));
      ps.executeUpdate();
    }
  }

  /** The version recorded in {@code meta}; throws MIGRATION when it is missing or garbled. */
  static int readVersion(Connection conn, String meta, String name) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM " + PgSql.quote(meta)
        + " WHERE name = ?")) {
      ps.setString(1, VERSION_KEY);
      try (ResultSet rs = ps.executeQuery()) {
        String text = rs.next() ? rs.getString(1) : null;
        try {
          return Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
          throw new StoreException(StoreException.Kind.MIGRATION, name + ": meta table " + meta
              + " records the schema version '" + text + "', expected an integer; it is not a"
              + " chatstore table or was edited by hand (nothing was changed)", e);
        }
      }
    }
  }

  /** Whether the relation {@code table} exists on the search path. */
  static boolean exists(Connection conn, String table) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, PgSql.quote(table));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Drops the tables of {@code table} (the entries and the meta table) if they exist. Every
   * entry is lost. For tools and tests; a store must not be open on the table.
   */
  static void drop(Connection conn, String table) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + PgSql.quote(table) + ", "
          + PgSql.quote(table + "_meta"));
    }
  }

  /** The advisory lock key of a table's schema check: a 64-bit FNV-1a hash of its name. */
  static long lockKey(String table) {
    long h = 0xcbf29ce484222325L;
    for (byte b : ("chatstore-schema:" + table).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static void checkHistory(int current, List<Migration> migrations) {
    if (migrations.size() + 1 != current) {
      throw new IllegalStateException(migrations.size() + " migrations do not lead to version "
          + current);
    }
    for (int i = 0; i < migrations.size(); i++) {
      if (migrations.get(i).from() != i + 1) {
        throw new IllegalStateException("migration " + i + " starts at version "
            + migrations.get(i).from() + ", expected " + (i + 1));
      }
    }
  }
}
