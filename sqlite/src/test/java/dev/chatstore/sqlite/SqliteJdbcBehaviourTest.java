package dev.chatstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Pins the behaviour of sqlite-jdbc that {@link SqliteKvStore} is built around, so that an
 * upgrade of the driver that changes it shows up here first.
 */
@Timeout(60)
class SqliteJdbcBehaviourTest {
  @TempDir
  Path dir;

  private Connection connect(SQLiteConfig config) throws SQLException {
    return config.createConnection("jdbc:sqlite:" + dir.resolve("t.db"));
  }

  /**
   * With auto-commit off and transaction mode IMMEDIATE, sqlite-jdbc begins the next
   * {@code BEGIN IMMEDIATE} right after each commit, so an idle connection keeps the write lock
   * and a second writer on the file times out. Hence the store's explicit transactions on
   * auto-commit connections.
   */
  @Test
  void immediateModeWithAutoCommitOff_keepsTheWriteLockWhileIdle() throws Exception {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setBusyTimeout(100);
    try (Connection a = connect(config); Connection b = connect(config)) {
      try (Statement st = a.createStatement()) {
        st.execute("CREATE TABLE t(x)");
      }
      a.setAutoCommit(false);
      try (Statement st = a.createStatement()) {
        st.execute("INSERT INTO t VALUES(1)");
      }
      a.commit(); // ...and sqlite-jdbc runs BEGIN IMMEDIATE again at once
      assertThatThrownBy(() -> {
        try (Statement st = b.createStatement()) {
          st.execute("INSERT INTO t VALUES(2)");
        }
      }).isInstanceOf(SQLException.class).hasMessageContaining("SQLITE_BUSY");
    }
  }

  /** The store's way: auto-commit connections with explicit BEGIN IMMEDIATE ... COMMIT. */
  @Test
  void explicitImmediateTransactions_onAutoCommitConnections_releaseTheLock() throws Exception {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(100);
    try (Connection a = connect(config); Connection b = connect(config)) {
      try (Statement st = a.createStatement()) {
        st.execute("CREATE TABLE t(x)");
        st.execute("BEGIN IMMEDIATE");
        st.execute("INSERT INTO t VALUES(1)");
        st.execute("COMMIT");
      }
      try (Statement st = b.createStatement()) {
        st.execute("BEGIN IMMEDIATE");
        st.execute("INSERT INTO t VALUES(2)");
        st.execute("COMMIT");
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
          rs.next();
          assertThat(rs.getInt(1)).isEqualTo(2);
        }
      }
    }
  }

  /**
   * A zero-length BLOB: sqlite-jdbc 3.53 returns an empty array from {@code getBytes} (some
   * older versions returned null; the store maps null of a NOT NULL column to empty either
   * way). A bound empty array is stored as a BLOB, not as NULL.
   */
  @Test
  void zeroLengthBlob_roundTripsAsAnEmptyArray() throws Exception {
    try (Connection c = connect(new SQLiteConfig());
        PreparedStatement ps = c.prepareStatement("SELECT ?, typeof(?), X''")) {
      ps.setBytes(1, new byte[0]);
      ps.setBytes(2, new byte[0]);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBytes(1)).isNotNull().isEmpty();
        assertThat(rs.getString(2)).isEqualTo("blob");
        assertThat(rs.getBytes(3)).isNotNull().isEmpty();
      }
    }
  }

  /**
   * Closing a result set before its last row resets the statement and so ends the read
   * transaction that the statement held open: a later statement on the same connection sees a
   * commit made meanwhile by another connection. The store's scans rely on this, as they stop
   * stepping after their limit instead of running to the end.
   */
  @Test
  void closingAResultSetEarly_endsItsReadSnapshot() throws Exception {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    try (Connection reader = connect(config); Connection writer = connect(config)) {
      try (Statement st = writer.createStatement()) {
        st.execute("CREATE TABLE t(x)");
        st.execute("INSERT INTO t VALUES(1), (2), (3)");
      }
      try (PreparedStatement scan = reader.prepareStatement("SELECT x FROM t ORDER BY x");
          PreparedStatement count = reader.prepareStatement("SELECT count(*) FROM t")) {
        try (ResultSet rs = scan.executeQuery()) {
          assertThat(rs.next()).isTrue(); // one row of three, then close
        }
        try (Statement st = writer.createStatement()) {
          st.execute("INSERT INTO t VALUES(4)");
        }
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          assertThat(rs.getInt(1)).as("a count after the early close should see the new row")
              .isEqualTo(4);
        }
      }
    }
  }
}
