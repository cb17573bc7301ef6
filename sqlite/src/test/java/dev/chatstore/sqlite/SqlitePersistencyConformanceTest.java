package dev.chatstore.sqlite;

import static dev.chatstore.jobs.Persistency.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.jobs.Persistency;
import dev.chatstore.tck.jobs.PersistencyConformanceSuite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persistency contract on SQLite: each job in its own database file,
 * {@code ROOT/id/chatstore.db}, opened by {@code sqlite:ROOT/id}.
 */
class SqlitePersistencyConformanceTest extends PersistencyConformanceSuite {

  @Override
  protected String rootUri(Path dir) {
    return "sqlite:" + dir;
  }

  @Test
  void eachJob_isItsOwnSqliteFile_andDropJobRemovesItsWalFilesToo() {
    persistency().openJob("a").persistPut("c", key("k"), new byte[] {1}).join();
    persistency().openJob("b").persistPut("c", key("k"), new byte[] {2}).join();
    Path a = root().resolve("a").resolve(SqliteUri.DEFAULT_FILE_NAME);
    assertTrue(Files.isRegularFile(a), "job a's database is " + a);
    assertTrue(Files.isRegularFile(root().resolve("b").resolve(SqliteUri.DEFAULT_FILE_NAME)));
    persistency().dropJob("a");
    assertFalse(Files.exists(a.getParent()), "dropJob removes the database and its WAL files");
  }

  @Test
  void openByPath_usesSqlite_withUriParametersForEveryJob(@TempDir Path dir) {
    try (Persistency p = Persistency.open(dir.resolve("by-path"))) {
      p.openJob("j").persistPut("c", key("k"), "v".getBytes(StandardCharsets.UTF_8)).join();
      assertTrue(Files.isRegularFile(dir.resolve("by-path/j/chatstore.db")));
    }
    try (Persistency p = Persistency.open("sqlite:" + dir.resolve("by-path")
        + "?synchronous=FULL&readers=2")) {
      assertArrayEquals("v".getBytes(StandardCharsets.UTF_8),
          p.openJob("j").get("c", key("k")).join().orElseThrow());
    }
  }
}
