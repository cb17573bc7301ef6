package dev.chatstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL of {@link SqliteKvStore} is folded into the database file by a thread of its own
 * ({@link WalCheckpointer}): it stays bounded under a steady load, and a store gone quiet has
 * all of it copied, with every write readable throughout.
 */
@Timeout(120)
class SqliteCheckpointTest {
  /**
   * The WAL's largest size allowed here: twice the backstop's pages with their frame headers
   * (the commit that crosses the backstop, and those made while another checkpoint holds
   * SQLite's checkpoint lock, add to it). Never folded in, the test's writes would make a WAL
   * of about 130 MB.
   */
  private static final long WAL_BOUND = 2L * WalCheckpointer.BACKSTOP_PAGES * (4096 + 24);

  @TempDir
  Path dir;

  @Test
  void walStaysBounded_underSteadyWritesFromManyThreads_andNoWriteIsLost() throws Exception {
    Path file = dir.resolve("steady.db");
    Path wal = dir.resolve("steady.db-wal");
    int threads = 8;
    int perThread = 4_000;
    long[] largest = new long[1];
    try (SqliteKvStore store = SqliteKvStore.open(file, SqliteOptions.defaults(),
        StoreOptions.defaults())) {
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        writers.add(Thread.ofPlatform().start(() -> {
          SplittableRandom r = new SplittableRandom(id);
          byte[] value = new byte[1_000];
          for (int i = 0; i < perThread; i++) {
            r.nextBytes(value);
            store.put(String.format("t%02d/%08x", id, r.nextInt()).getBytes(), value.clone());
          }
        }));
      }
      while (writers.stream().anyMatch(Thread::isAlive)) {
        largest[0] = Math.max(largest[0], Files.exists(wal) ? Files.size(wal) : 0);
        Thread.sleep(5);
      }
      for (Thread w : writers) {
        w.join();
      }
      assertThat(store.backgroundCheckpoints()).as("the checkpoint thread ran").isPositive();
      for (int t = 0; t < threads; t++) {
        assertThat(store.count(KeyRange.prefix(String.format("t%02d/", t).getBytes())))
            .as("thread %d's keys (random, a collision or two possible)", t)
            .isBetween(perThread - 5L, (long) perThread);
      }
    }
    assertThat(largest[0]).as("largest WAL seen while ~%d MB were written", threads * perThread
        / 1_000).isPositive().isLessThanOrEqualTo(WAL_BOUND);
  }

  @Test
  void quietStore_hasItsWholeWalCopiedIntoTheDatabaseFile() throws Exception {
    Path file = dir.resolve("quiet.db");
    try (SqliteKvStore store = SqliteKvStore.open(file, SqliteOptions.defaults(),
        StoreOptions.defaults())) {
      // fewer operations than one background round needs: only the quiet timer can fold them in
      for (int i = 0; i < 200; i++) {
        store.put(("k" + i).getBytes(), new byte[500]);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int[] frames = walFrames(file);
      while ((frames[0] == 0 || frames[1] < frames[0]) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        frames = walFrames(file);
      }
      assertThat(frames[0]).as("frames in the WAL").isPositive();
      assertThat(frames[1]).as("frames copied into the database file, of %d", frames[0])
          .isEqualTo(frames[0]);
      assertThat(store.backgroundCheckpoints()).isPositive();
      assertThat(store.get("k199".getBytes())).hasSize(500);
    }
  }

  /**
   * The WAL's frames and how many of them are copied, read by a checkpoint of a connection of
   * its own that copies nothing (a checkpoint that may not wait and copies only what no reader
   * needs would copy; {@code NOOP} only reports).
   */
  private static int[] walFrames(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(NOOP)")) {
      rs.next();
      return new int[] {rs.getInt(2), rs.getInt(3)};
    }
  }
}
