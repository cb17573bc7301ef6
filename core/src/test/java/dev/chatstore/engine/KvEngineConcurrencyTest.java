package dev.chatstore.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many threads writing, overwriting and cascade-deleting the same small tree at once never leave
 * a document without its recency entries, a recency entry without its document, or a message
 * index whose count disagrees with its entries ({@link KvEngine#verifyIndex()}). Randomized with a
 * printed seed; replay with {@code -Dchatstore.engine.seed=<seed>}. Bounded in work; nothing here
 * is timed.
 */
@Timeout(120)
class KvEngineConcurrencyTest {
  private static final Logger LOG = LoggerFactory.getLogger(KvEngineConcurrencyTest.class);
  private static final int THREADS = 8;

  private MemoryKvStore memory;
  private KvEngine engine;
  private long seed;

  @BeforeEach
  void open() {
    String fixed = System.getProperty("chatstore.engine.seed");
    seed = fixed != null ? Long.parseLong(fixed) : ThreadLocalRandom.current().nextLong();
    LOG.info("seed {} (replay with -Dchatstore.engine.seed={})", seed, seed);
    memory = new MemoryKvStore(StoreOptions.defaults());
    engine = KvEngine.on(memory);
  }

  @AfterEach
  void close() {
    memory.close();
  }

  @Test
  void sameKeyWrites_andCascadeDeletesOfItsParent_leaveTheIndexConsistent() throws Exception {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int me = t;
      tasks.add(() -> {
        for (int i = 0; i < 150; i++) {
          switch (me % 4) {
            case 0, 1 -> engine.set("p/c", "v" + me + "-" + i);
            case 2 -> engine.set("p/c/g", "g" + i);
            default -> engine.set("p", i % 2 == 0 ? null : "parent");
          }
        }
        return null;
      });
    }
    run(tasks);
    assertConsistent("same-key writes and cascade deletes");
  }

  @Test
  void randomMixOfWritesDeletesBatchesAndMessages_leavesTheIndexConsistent() throws Exception {
    Messages messages = Messages.on(engine);
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Random rnd = new Random(seed + t);
      tasks.add(() -> {
        for (int i = 0; i < 250; i++) {
          int op = rnd.nextInt(100);
          if (op < 35) {
            engine.set(randomKey(rnd), "v" + i);
          } else if (op < 50) {
            engine.set(randomKey(rnd), null);
          } else if (op < 60) {
            List<Map.Entry<String, String>> batch = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
              batch.add(new AbstractMap.SimpleEntry<>(randomKey(rnd),
                  rnd.nextInt(3) == 0 ? null : "b" + i));
            }
            engine.setBatch(batch);
          } else if (op < 68) {
            engine.deletePrefix(List.of("p1", "p1/", "p2/c1", "", "chat/c").get(rnd.nextInt(5)));
          } else if (op < 88) {
            messages.append("c" + rnd.nextInt(2), rnd.nextInt(20), "m" + rnd.nextInt(30));
          } else {
            messages.remove("c" + rnd.nextInt(2), "m" + rnd.nextInt(30));
          }
        }
        return null;
      });
    }
    run(tasks);
    assertConsistent("a random mix");
    for (String cid : List.of("c0", "c1")) {
      List<MessageRef> all = messages.page(cid, 0, 1000);
      assertThat(messages.count(cid)).as("count of %s equals its entries (seed %s)", cid, seed)
          .isEqualTo(all.size());
      assertThat(new HashSet<>(all.stream().map(MessageRef::id).toList()))
          .as("one entry per id in %s (seed %s)", cid, seed).hasSize(all.size());
    }
  }

  @Test
  void hundredConcurrentAppends_toOneChat_keepAllHundred() throws Exception {
    Messages messages = Messages.on(engine);
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < 100; t++) {
      int me = t;
      tasks.add(() -> {
        messages.append("busy", 1000 + me % 7, String.format("id%03d", me));
        return null;
      });
    }
    run(tasks);
    assertThat(messages.count("busy")).isEqualTo(100);
    assertThat(messages.page("busy", 0, 200)).hasSize(100)
        .isSortedAccordingTo(MessageRef.NEWEST_FIRST);
    assertConsistent("100 concurrent appends");
  }

  private static String randomKey(Random rnd) {
    String parent = List.of("p1", "p2", "p10").get(rnd.nextInt(3));
    return switch (rnd.nextInt(4)) {
      case 0 -> parent;
      case 1 -> parent + "/c" + rnd.nextInt(3);
      case 2 -> parent + "/c" + rnd.nextInt(3) + "/g" + rnd.nextInt(2);
      default -> "chat/c" + rnd.nextInt(2) + "/message/m" + rnd.nextInt(30) + "/index";
    };
  }

  private void assertConsistent(String after) {
    assertThat(engine.verifyIndex()).as("index problems after %s (seed %s)", after, seed)
        .isEmpty();
    Set<String> listed = new HashSet<>(engine.list("", 0, EngineKeys.MAX_LIST_LIMIT));
    for (String k : listed) {
      assertThat(engine.get(k)).as("listed key %s has a value (seed %s)", k, seed).isNotNull();
    }
  }

  private static void run(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(tasks.size(), 32));
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        futures.add(pool.submit(() -> {
          go.await();
          return task.call();
        }));
      }
      go.countDown();
      for (Future<Void> f : futures) {
        f.get(90, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
