package dev.chatstore.sqlite;

import dev.chatstore.kv.StoreOptions;
import dev.chatstore.sqlite.SqliteOptions.Synchronous;
import dev.chatstore.tck.crash.CrashHarness;
import dev.chatstore.tck.crash.CrashTarget;
import dev.chatstore.tck.crash.CrashWorkload;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process writing to SQLite, killed with SIGKILL at random moments, loses no acknowledged
 * write, leaves no batch in part and no value torn, and the database opens as it is and passes
 * {@code PRAGMA integrity_check}: with {@code synchronous=FULL} and with the default
 * {@code NORMAL}. In WAL mode {@code NORMAL} may lose the last commits on a power loss, but not
 * on a process kill (the commit is in the operating system's cache), so the same check holds
 * for both. Single puts, atomic batches with deletes and range deletes, group commit from many
 * threads, Engine sets and cascade deletes, chat database message puts (with the chat meta,
 * inboxes, seen index and Merkle leaves checked against the messages present) and Signal
 * session, pre-key, sent-message and identity updates run at once
 * ({@link CrashWorkload#mixed()}); the rounds take turns between the two levels on the same
 * database. {@link SqliteJobsCrashTest} does the same for the jobs layer.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SqliteCrashTest {
  @TempDir
  Path dir;

  /** SQLite with {@code synchronous=FULL}. */
  public static final class Full implements CrashTarget {
    @Override
    public Stores open(Path dir) {
      return Stores.of(SqliteKvStore.open(dir,
          SqliteOptions.defaults().withSynchronous(Synchronous.FULL), StoreOptions.defaults()));
    }

    @Override
    public String checkFiles(Path dir) throws Exception {
      return integrity(dir);
    }
  }

  /** SQLite with the default {@code synchronous=NORMAL}. */
  public static final class Normal implements CrashTarget {
    @Override
    public Stores open(Path dir) {
      return Stores.of(SqliteKvStore.open(dir, SqliteOptions.defaults(), StoreOptions.defaults()));
    }

    @Override
    public String checkFiles(Path dir) throws Exception {
      return integrity(dir);
    }
  }

  /** What {@code PRAGMA integrity_check} reports when it finds a problem, or null. */
  static String integrity(Path dir) throws Exception {
    Path file = SqliteUri.databaseFile(dir);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      StringBuilder out = new StringBuilder();
      while (rs.next()) {
        out.append(rs.getString(1)).append('\n');
      }
      return out.toString().trim().equals("ok") ? null : "integrity_check of " + file + ": " + out;
    }
  }

  @Test
  void killedWhileWriting_synchronousFullAndNormal_keepEveryAcknowledgedWrite() throws Exception {
    CrashHarness.of(CrashWorkload.mixed(), Full.class, Normal.class).run(dir);
  }
}
