package dev.chatstore.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes are atomic: a reader never sees part of a value, a crash leaves a key with its old or
 * its new value, leftovers of a crash (temporary files, a batch journal) are dealt with at open.
 * A crash is simulated by leaving on disk exactly what a killed process would leave.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrashSafetyTest {
  @TempDir
  Path base;

  @Test
  void leftoverTemporaryFiles_areRemovedAtOpen_andTheOldValueStays() throws IOException {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("chat/a@g.us/index", "old");
      engine.set("session/creds", "creds");
    }
    Path root = base.resolve("s");
    // A write killed after its temporary file was complete, and one killed half-way.
    Files.writeString(root.resolve("chat/a_at_g.us/.index.tmp-0123456789abcdef"), "new");
    Files.writeString(root.resolve("session/.creds.tmp-fedcba9876543210"), "{\"half");
    Files.writeString(root.resolve(".new-key.tmp-00000000000000ff"), "");
    Files.createDirectories(root.resolve("chat/b_at_g.us"));
    Files.writeString(root.resolve("chat/b_at_g.us/.index.tmp-aaaaaaaaaaaaaaaa"), "never renamed");

    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThat(engine.get("chat/a@g.us/index")).isEqualTo("old");
      assertThat(engine.get("session/creds")).isEqualTo("creds");
      assertThat(engine.list("", 0, 100))
          .containsExactlyInAnyOrder("chat/a@g.us/index", "session/creds");
      assertThat(engine.get("chat/b@g.us/index")).isNull();
    }
    assertThat(Disk.files(root)).containsOnlyKeys("chat/a_at_g.us/index", "session/creds");
  }

  @Test
  void temporaryFileOfAWriteInProgress_isNeverListed() throws IOException {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("chat/x/index", "v");
      Files.writeString(engine.folder().resolve("chat/x/.index.tmp-1111111111111111"), "w");
      Files.writeString(engine.folder().resolve("chat/x/.other.tmp-2222222222222222"), "w");
      assertThat(engine.list("chat/", 0, 10)).containsExactly("chat/x/index");
      assertThat(engine.list("", 0, 10)).containsExactly("chat/x/index");
    }
  }

  @Test
  void keysShapedLikeTemporaryFiles_areRefused() {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThatThrownBy(() -> engine.set("a/.b.tmp-0123456789abcdef", "v"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("temporary file");
      engine.set("a/.b.tmp-notHex", "fine");
      engine.set("a/.hidden", "fine");
      assertThat(engine.list("a/", 0, 10)).containsExactlyInAnyOrder("a/.b.tmp-notHex", "a/.hidden");
    }
  }

  @Test
  void longNames_getAShortenedTemporaryName_andStillWrite() {
    String name = "n".repeat(255);
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("a/" + name, "v");
      engine.set("a/" + name, "w");
      assertThat(engine.get("a/" + name)).isEqualTo("w");
    }
    assertThat(KeyPaths.isTempName(KeyPaths.tempName(name, 42))).isTrue();
    assertThat(KeyPaths.tempName(name, 42).getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(255);
    assertThat(KeyPaths.tempName("é".repeat(200), 7).getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(255);
  }

  @Test
  void readers_neverSeePartOfAValue() throws Exception {
    String a = "a".repeat(1 << 20);
    String b = "b".repeat(1 << 19);
    try (FileEngine engine = FileEngine.open(base, "s",
        FileEngineOptions.defaults().withDurable(false))) {
      engine.set("big", a);
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        Future<?> writer = pool.submit(() -> {
          for (int i = 0; i < 60; i++) {
            engine.set("big", i % 2 == 0 ? b : a);
          }
          stop.set(true);
          return null;
        });
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
          readers.add(pool.submit(() -> {
            int reads = 0;
            while (!stop.get()) {
              String v = engine.get("big");
              assertThat(v.equals(a) || v.equals(b))
                  .as("a read returns one whole value, got %d chars starting '%s'", v.length(),
                      v.isEmpty() ? "" : v.substring(0, 1))
                  .isTrue();
              reads++;
            }
            return reads;
          }));
        }
        writer.get(50, TimeUnit.SECONDS);
        for (Future<Integer> r : readers) {
          assertThat(r.get(10, TimeUnit.SECONDS)).isPositive();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void eachWriteStampsItsFile_withTheTimeTheIndexHolds() throws IOException {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      for (int i = 0; i < 20; i++) {
        engine.set("k/" + (i % 7), "v" + i);
      }
      assertThat(engine.list("", 0, 100)).isEqualTo(Disk.originalListing(engine.folder()));
    }
  }

  @Test
  void batchCutShortByACrash_isFinishedAtTheNextOpen() throws IOException {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("chat/a/index", "a0");
      engine.set("chat/a/message/m1/raw", "m1");
      engine.set("chat/b/index", "b0");
      engine.set("x", "x0");
    }
    Path root = base.resolve("s");
    long t = System.currentTimeMillis() * 1_000_000L;
    List<BatchJournal.Entry> batch = List.of(
        new BatchJournal.Entry("chat/a/index", bytes("a1"), t + 1000),
        new BatchJournal.Entry("chat/a/message", null, 0),
        new BatchJournal.Entry("x", null, 0),
        new BatchJournal.Entry("x/y", bytes("now a folder"), t + 2000),
        new BatchJournal.Entry("chat/b/index", bytes("b1"), t + 3000));
    // The process committed the journal, applied the first three entries, then died.
    new BatchJournal(base.resolve(".s.chatstore"), new DurableFiles(true)).commit(batch);
    Files.writeString(root.resolve("chat/a/index"), "a1");
    deleteTree(root.resolve("chat/a/message"));
    Files.delete(root.resolve("x"));

    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThat(engine.get("chat/a/index")).isEqualTo("a1");
      assertThat(engine.get("chat/a/message/m1/raw")).isNull();
      assertThat(engine.get("x")).isNull();
      assertThat(engine.get("x/y")).isEqualTo("now a folder");
      assertThat(engine.get("chat/b/index")).isEqualTo("b1");
      assertThat(engine.list("", 0, 10))
          .containsExactly("chat/b/index", "x/y", "chat/a/index");
    }
    assertThat(base.resolve(".s.chatstore/batch")).doesNotExist();
  }

  @Test
  void batchJournal_deletingAKeyUnderAValue_keepsTheValueAtTheNextOpen() throws IOException {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("r/a", "v");
    }
    new BatchJournal(base.resolve(".s.chatstore"), new DurableFiles(true))
        .commit(List.of(new BatchJournal.Entry("r/a/b", null, 0)));
    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThat(engine.get("r/a")).isEqualTo("v");
      assertThat(engine.list("", 0, 10)).containsExactly("r/a");
    }
    assertThat(base.resolve("s/r/a")).isRegularFile();
  }

  @Test
  void batchJournal_replaysOverAFullyAppliedBatch_toTheSameResult() throws IOException {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      engine.set("a", "0");
    }
    long t = System.currentTimeMillis() * 1_000_000L;
    List<BatchJournal.Entry> batch = List.of(
        new BatchJournal.Entry("a/b", bytes("1"), t + 1000),
        new BatchJournal.Entry("a", null, 0),
        new BatchJournal.Entry("a", bytes("2"), t + 2000));
    // Crash after the whole batch was applied but before the journal was removed.
    Files.delete(base.resolve("s/a"));
    Files.writeString(base.resolve("s/a"), "2");
    new BatchJournal(base.resolve(".s.chatstore"), new DurableFiles(true)).commit(batch);
    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThat(engine.get("a")).isEqualTo("2");
      assertThat(engine.list("", 0, 10)).containsExactly("a");
    }
  }

  @Test
  void damagedBatchJournal_stopsTheOpen_namingTheFile() throws IOException {
    FileEngine.open(base, "s").close();
    Path journal = base.resolve(".s.chatstore/batch");
    new BatchJournal(base.resolve(".s.chatstore"), new DurableFiles(true))
        .commit(List.of(new BatchJournal.Entry("k", bytes("v"), 1)));
    byte[] bytes = Files.readAllBytes(journal);
    bytes[10] ^= 1;
    Files.write(journal, bytes);
    assertThatThrownBy(() -> FileEngine.open(base, "s"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(journal.toString())
        .satisfies(e -> assertThat(((StoreException) e).kind())
            .isEqualTo(StoreException.Kind.SERIALIZATION));
    Files.delete(journal);
    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThat(engine.get("k")).isNull();
    }
  }

  @Test
  void batch_leavesNoJournalBehind_andIsSeenWhole() throws Exception {
    try (FileEngine engine = FileEngine.open(base, "s")) {
      List<Map.Entry<String, String>> entries = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        entries.add(Map.entry("batch/" + i, "v"));
      }
      AtomicBoolean done = new AtomicBoolean();
      CountDownLatch started = new CountDownLatch(1);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Integer> observer = pool.submit(() -> {
          int partial = 0;
          started.countDown();
          while (!done.get()) {
            int seen = engine.list("batch/", 0, 1000).size();
            if (seen != 0 && seen != 200) {
              partial++;
            }
          }
          return partial;
        });
        started.await();
        engine.setBatch(entries);
        done.set(true);
        assertThat(observer.get(30, TimeUnit.SECONDS)).as("listings that saw part of the batch")
            .isZero();
      } finally {
        pool.shutdownNow();
      }
      assertThat(engine.list("batch/", 0, 1000)).hasSize(200);
    }
    assertThat(base.resolve(".s.chatstore/batch")).doesNotExist();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path p) throws IOException {
    new DurableFiles(false).deleteTree(p);
  }
}
