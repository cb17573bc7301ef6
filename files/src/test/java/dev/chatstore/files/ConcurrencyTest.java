package dev.chatstore.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.engine.Messages;
import dev.chatstore.engine.MessageRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many threads of one process: no write is lost, the index stays exactly what is on disk, and
 * the text message index loses no append.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrencyTest {
  private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyTest.class);
  private static final int THREADS = 8;

  @TempDir
  Path base;

  private static FileEngine open(Path base) {
    return FileEngine.open(base, "s", FileEngineOptions.defaults().withDurable(false));
  }

  /** Runs {@code tasks} on their own threads, released together; their results in order. */
  static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(90, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentWritersOfDistinctAndSharedKeys_loseNothing() throws Exception {
    try (FileEngine engine = open(base)) {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int id = t;
        tasks.add(() -> {
          for (int i = 0; i < 150; i++) {
            engine.set("chat/" + id + "@g.us/message/" + i + "/index", "{\"i\":" + i + "}");
            engine.set("shared/" + (i % 10), id + ":" + i);
          }
          return null;
        });
      }
      runAll(tasks);
      assertThat(engine.list("chat/", 0, 10_000)).hasSize(THREADS * 150);
      assertThat(engine.list("shared/", 0, 100)).hasSize(10);
      for (int i = 0; i < 10; i++) {
        assertThat(engine.get("shared/" + i)).matches("\\d:" + (140 + i));
      }
      assertThat(engine.list("", 0, 10_000)).isEqualTo(Disk.originalListing(engine.folder()));
    }
  }

  @Test
  void concurrentCascadesDeletesAndWritesOnOneTree_keepTheIndexExact() throws Exception {
    long seed = Long.getLong("chatstore.test.seed", new Random().nextLong());
    LOG.info("concurrentCascadesDeletesAndWritesOnOneTree seed={} (-Dchatstore.test.seed)", seed);
    try (FileEngine engine = open(base)) {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(seed + t);
        tasks.add(() -> {
          int refused = 0;
          for (int i = 0; i < 300; i++) {
            String a = "t/" + random.nextInt(4);
            String b = a + "/" + random.nextInt(3);
            String c = b + "/" + random.nextInt(3);
            try {
              switch (random.nextInt(8)) {
                case 0 -> engine.set(a, null);
                case 1 -> engine.set(b, "b" + i);
                case 2 -> engine.set(b, null);
                case 3 -> engine.deletePrefix(b);
                case 4 -> engine.setBatch(List.of(Map.entry(c, "c" + i),
                    new java.util.AbstractMap.SimpleEntry<>(a + "/9", null)));
                case 5 -> engine.update(c, v -> v == null ? "1" : v + "1");
                default -> engine.set(c, "c" + i);
              }
            } catch (IllegalArgumentException conflict) {
              refused++;
            }
          }
          return refused;
        });
      }
      List<Integer> refused = runAll(tasks);
      LOG.info("file/folder conflicts refused per thread: {}", refused);
      List<String> live = engine.list("", 0, 10_000);
      assertThat(live).as("the index holds exactly the files on disk, in their mtime order"
          + " (seed %d)", seed)
          .isEqualTo(Disk.originalListing(engine.folder()));
      for (String key : live) {
        assertThat(engine.get(key)).as("listed %s has a value (seed %d)", key, seed).isNotNull();
      }
    }
    try (FileEngine engine = open(base)) {
      assertThat(engine.list("", 0, 10_000)).as("after reopen (seed %d)", seed)
          .isEqualTo(Disk.originalListing(engine.folder()));
    }
  }

  @Test
  void textMessageIndex_loses_noneOf100ConcurrentAppends() throws Exception {
    try (FileEngine engine = open(base)) {
      Messages messages = Messages.on(engine);
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int t = 0; t < 10; t++) {
        int id = t;
        tasks.add(() -> {
          boolean all = true;
          for (int i = 0; i < 10; i++) {
            all &= messages.append("c@g.us", 1_000L + id * 10 + i, "M" + id + "-" + i);
          }
          return all;
        });
      }
      assertThat(runAll(tasks)).containsOnly(true);
      assertThat(messages.count("c@g.us")).isEqualTo(100);
      List<MessageRef> page = messages.page("c@g.us", 0, 100);
      assertThat(page.get(0)).isEqualTo(new MessageRef(1099, "M9-9"));
      String text = engine.get("chat/c@g.us/messages");
      assertThat(text.lines()).hasSize(100).first().isEqualTo("1099 M9-9");
      assertThat(Disk.files(engine.folder())).containsEntry("chat/c_at_g.us/messages", text);
    }
  }

  @Test
  void concurrentUpdatesOfOneKey_loseNoIncrement() throws Exception {
    try (FileEngine engine = open(base)) {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        tasks.add(() -> {
          for (int i = 0; i < 50; i++) {
            engine.update("counter", v -> String.valueOf(v == null ? 1 : Integer.parseInt(v) + 1));
          }
          return null;
        });
      }
      runAll(tasks);
      assertThat(engine.get("counter")).isEqualTo(String.valueOf(THREADS * 50));
    }
  }
}
