package dev.chatstore.sqlite;

import dev.chatstore.kv.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk schema of a chatstore SQLite database, its history, and the check-and-migrate step
 * run when a store opens.
 *
 * <h2>Identification</h2>
 * A chatstore database carries {@code PRAGMA application_id = }{@value #APPLICATION_ID_HEX}
 * (the ASCII bytes {@code "ChSt"}) and {@code PRAGMA user_version = } its schema version. Both
 * live in the database header, so they are read without touching any table and are written in
 * the same transaction as the schema they describe.
 *
 * <h2>History</h2>
 * <ol>
 *   <li>Version 1: {@value #CREATE_V1}. No expiry.</li>
 *   <li>Version 2 (current): adds the expiry column, {@code exp INTEGER} (epoch milliseconds,
 *       {@code NULL} for none; an entry is live when {@code exp IS NULL OR exp > now}), and the
 *       partial index {@value #CREATE_EXP_INDEX} that the expiry sweeper uses.</li>
 * </ol>
 * A new version appends one {@link Migration} to {@link #MIGRATIONS} (from the previous version)
 * and updates {@link #CREATE_CURRENT} to what a fresh database gets; the two must describe the
 * same schema.
 *
 * <h2>Opening</h2>
 * {@link #ensure} runs in one {@code BEGIN IMMEDIATE} transaction on the writer connection, so
 * two processes opening the same new file do not both create it:
 * <ul>
 *   <li>an empty database (no schema object, application_id 0, user_version 0) gets the current
 *       schema;</li>
 *   <li>another application_id, or application_id 0 on a database that holds anything, is
 *       refused ({@link StoreException.Kind#MIGRATION}, "is not a chatstore database"), and
 *       nothing is written;</li>
 *   <li>a newer schema version than {@link #CURRENT_VERSION} is refused
 *       ({@link StoreException.Kind#MIGRATION}, naming the file, the version found and the newest
 *       this code reads), and nothing is written;</li>
 *   <li>an older version is migrated by running every later {@link Migration} in order, in that
 *       same transaction: the migration applies whole or not at all.</li>
 * </ul>
 */
final class SqliteSchema {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteSchema.class);

  /** {@code PRAGMA application_id} of every chatstore database: the ASCII bytes "ChSt". */
  static final int APPLICATION_ID = 0x43685374;
  /** {@link #APPLICATION_ID} in hex, for documentation. */
  static final String APPLICATION_ID_HEX = "0x43685374";
  /** The schema version this code creates, and the newest it reads. */
  static final int CURRENT_VERSION = 2;

  /** The table of schema version 1 (kept for the history and for tests). */
  static final String CREATE_V1 =
      "CREATE TABLE kv(k BLOB NOT NULL PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID";
  /** The table of the current schema version. */
  static final String CREATE_KV = "CREATE TABLE kv(k BLOB NOT NULL PRIMARY KEY, "
      + "v BLOB NOT NULL, exp INTEGER) WITHOUT ROWID";
  /** The partial index on expiry, for the sweeper. */
  static final String CREATE_EXP_INDEX = "CREATE INDEX kv_exp ON kv(exp) WHERE exp IS NOT NULL";
  /** What a fresh database gets: the current schema. */
  static final List<String> CREATE_CURRENT = List.of(CREATE_KV, CREATE_EXP_INDEX);

  /**
   * One step of the schema history: from {@code from} to {@code from + 1}.
   *
   * @param from the version this step starts at
   * @param description what the step does, for the log
   * @param statements the SQL run in order, inside the migration transaction
   */
  record Migration(int from, String description, List<String> statements) {
    Migration {
      statements = List.copyOf(statements);
    }
  }

  /** Every migration step, in order; step {@code i} goes from version {@code i + 1}. */
  static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "add the expiry column exp and its partial index kv_exp",
          List.of("ALTER TABLE kv ADD COLUMN exp INTEGER", CREATE_EXP_INDEX)));

  static {
    for (int i = 0; i < MIGRATIONS.size(); i++) {
      if (MIGRATIONS.get(i).from() != i + 1) {
        throw new ExceptionInInitializerError("migration " + i + " starts at version "
            + MIGRATIONS.get(i).from() + ", expected " + (i + 1));
      }
    }
    if (MIGRATIONS.size() + 1 != CURRENT_VERSION) {
      throw new ExceptionInInitializerError(MIGRATIONS.size() + " migrations do not lead to "
          + "version " + CURRENT_VERSION);
    }
  }

  private SqliteSchema() {}

  /** What {@link #ensure} did. */
  enum Outcome {
    /** The database was empty and got the current schema. */
    CREATED,
    /** The database already had the current schema. */
    CURRENT,
    /** The database had an older schema and was migrated. */
    MIGRATED
  }

  /**
   * Checks the database on {@code conn} (a fresh connection in autocommit mode, not yet switched
   * to WAL) and creates or migrates its schema; see the class comment.
   *
   * @param conn the writer connection
   * @param name the store's name for messages (it names the file)
   * @return what was done
   * @throws StoreException of kind {@link StoreException.Kind#MIGRATION} when the database is
   *     not chatstore's, is newer than this code, or its migration fails
   * @throws SQLException when SQLite fails otherwise
   */
  static Outcome ensure(Connection conn, String name) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      boolean done = false;
      try {
        int appId = pragmaInt(st, "application_id");
        int version = pragmaInt(st, "user_version");
        int objects = schemaObjects(st);
        Outcome outcome;
        if (appId == 0 && version == 0 && objects == 0) {
          for (String sql : CREATE_CURRENT) {
            st.execute(sql);
          }
          stamp(st, CURRENT_VERSION);
          outcome = Outcome.CREATED;
          LOG.debug("{}: created schema version {}", name, CURRENT_VERSION);
        } else if (appId != APPLICATION_ID) {
          throw new StoreException(StoreException.Kind.MIGRATION, name
              + " is not a chatstore database (its application_id is " + hex(appId)
              + ", chatstore's is " + APPLICATION_ID_HEX + "; it holds " + objects
              + " schema objects and user_version " + version
              + "); refusing to open it so as not to change another application's data");
        } else if (version > CURRENT_VERSION) {
          throw new StoreException(StoreException.Kind.MIGRATION, name + " has schema version "
              + version + ", newer than version " + CURRENT_VERSION
              + ", the newest this version of chatstore reads; open it with a newer chatstore"
              + " (the file was not changed)");
        } else if (version < 1) {
          throw new StoreException(StoreException.Kind.MIGRATION, name
              + " carries chatstore's application_id but schema version " + version
              + ", which no chatstore ever wrote; the file is damaged or was edited by hand"
              + " (the file was not changed)");
        } else if (version == CURRENT_VERSION) {
          outcome = Outcome.CURRENT;
        } else {
          migrate(st, name, version);
          outcome = Outcome.MIGRATED;
        }
        st.execute("COMMIT");
        done = true;
        return outcome;
      } finally {
        if (!done) {
          try {
            st.execute("ROLLBACK");
          } catch (SQLException e) {
            LOG.debug("{}: rollback after a failed schema check failed too", name, e);
          }
        }
      }
    }
  }

  private static void migrate(Statement st, String name, int from) {
    LOG.info("{}: migrating schema version {} to version {}", name, from, CURRENT_VERSION);
    for (Migration m : MIGRATIONS.subList(from - 1, MIGRATIONS.size())) {
      try {
        for (String sql : m.statements()) {
          st.execute(sql);
        }
      } catch (SQLException e) {
        throw new StoreException(StoreException.Kind.MIGRATION, name + ": migration from schema "
            + "version " + m.from() + " to " + (m.from() + 1) + " (" + m.description()
            + ") failed, nothing was changed: " + e.getMessage(), e);
      }
      LOG.info("{}: migrated schema version {} to {}: {}", name, m.from(), m.from() + 1,
          m.description());
    }
    try {
      stamp(st, CURRENT_VERSION);
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.MIGRATION, name + ": setting schema version "
          + CURRENT_VERSION + " failed, nothing was changed: " + e.getMessage(), e);
    }
  }

  private static void stamp(Statement st, int version) throws SQLException {
    st.execute("PRAGMA application_id = " + APPLICATION_ID);
    st.execute("PRAGMA user_version = " + version);
  }

  /** The integer value of a {@code PRAGMA name}. */
  static int pragmaInt(Statement st, String pragma) throws SQLException {
    try (ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
      if (!rs.next()) {
        throw new SQLException("PRAGMA " + pragma + " returned no row");
      }
      return rs.getInt(1);
    }
  }

  /** How many tables, indexes, views and triggers the database holds, SQLite's own excluded. */
  private static int schemaObjects(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery(
        "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String hex(int appId) {
    return String.format("0x%08x", appId);
  }
}
