package dev.chatstore.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.tck.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index built at open is the listing of the files by their modification times, and the
 * index kept while running equals it: random operations checked against a model, then the
 * listing compared before and after a reopen and with the files on disk.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IndexRebuildTest {
  private static final Logger LOG = LoggerFactory.getLogger(IndexRebuildTest.class);

  @TempDir
  Path base;

  @Test
  void indexBuiltAtOpen_ordersTheFilesByMtime_tiesByKey() {
    Path root = base.resolve("s");
    Disk.write(root, "b", "1", 5_000);
    Disk.write(root, "a", "1", 5_000);
    Disk.write(root, "c/z", "1", 5_000);
    Disk.write(root, "c/y", "1", 9_000);
    Disk.write(root, "old", "1", 1_000);
    Disk.write(root, "new", "1", 10_000);
    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThat(engine.list("", 0, 10)).containsExactly("new", "c/y", "a", "b", "c/z", "old");
      assertThat(engine.list("", 2, 2)).containsExactly("a", "b");
      assertThat(engine.list("c", 0, 10)).containsExactly("c/y", "c/z");
      engine.set("a", "touched");
      assertThat(engine.list("", 0, 1)).containsExactly("a");
    }
  }

  @Test
  void writesAfterAReopen_areNewerThanEverythingBefore_evenInTheSameClockInstant() {
    ManualClock clock = new ManualClock();
    FileEngineOptions options = FileEngineOptions.defaults().withClock(clock);
    try (FileEngine engine = FileEngine.open(base, "s", options)) {
      engine.set("k/b", "1");
      engine.set("k/a", "1");
    }
    try (FileEngine engine = FileEngine.open(base, "s", options)) {
      engine.set("k/c", "1");
      assertThat(engine.list("k/", 0, 10)).containsExactly("k/c", "k/a", "k/b");
    }
  }

  @Test
  void aFileDatedFarInTheFuture_doesNotDragNewWritesIntoTheFuture() throws Exception {
    ManualClock clock = new ManualClock();
    long future = clock.millis() + TimeUnit.DAYS.toMillis(365);
    Disk.write(base.resolve("s"), "bogus", "from a machine with a wrong clock", future);
    try (FileEngine engine = FileEngine.open(base, "s",
        FileEngineOptions.defaults().withClock(clock))) {
      engine.set("fresh", "1");
      assertThat(java.nio.file.Files.getLastModifiedTime(engine.folder().resolve("fresh"))
          .toMillis()).isEqualTo(clock.millis());
      assertThat(engine.list("", 0, 10)).as("the original would list it first too")
          .containsExactly("bogus", "fresh");
    }
  }

  @Test
  void randomOperations_matchAModel_andTheIndexEqualsTheFilesBeforeAndAfterReopen() {
    long seed = Long.getLong("chatstore.test.seed", new Random().nextLong());
    LOG.info("randomOperations seed={} (replay with -Dchatstore.test.seed={})", seed, seed);
    Random random = new Random(seed);
    Map<String, String> model = new TreeMap<>();
    List<String> order = new ArrayList<>();
    try (FileEngine engine = FileEngine.open(base, "s",
        FileEngineOptions.defaults().withDurable(false))) {
      for (int i = 0; i < 600; i++) {
        String key = "k" + random.nextInt(3) + "/" + random.nextInt(3) + "@x"
            + (random.nextBoolean() ? "" : "/" + random.nextInt(3));
        String value = "v" + i;
        int op = random.nextInt(10);
        try {
          if (op < 6) {
            engine.set(key, value);
            model.put(key, value);
            order.remove(key);
            order.add(0, key);
          } else if (op < 8) {
            engine.set(key, null);
            model.keySet().removeIf(k -> k.equals(key) || k.startsWith(key + "/"));
            order.removeIf(k -> k.equals(key) || k.startsWith(key + "/"));
          } else {
            String prefix = key.substring(0, 1 + random.nextInt(key.length()));
            long expected = model.keySet().stream().filter(k -> k.startsWith(prefix)).count();
            assertThat(engine.deletePrefix(prefix)).as("deletePrefix(%s) (seed %d)", prefix, seed)
                .isEqualTo(expected);
            model.keySet().removeIf(k -> k.startsWith(prefix));
            order.removeIf(k -> k.startsWith(prefix));
          }
        } catch (IllegalArgumentException conflict) {
          boolean parentHolds = model.keySet().stream().anyMatch(k -> key.startsWith(k + "/"));
          boolean childExists = model.keySet().stream().anyMatch(k -> k.startsWith(key + "/"));
          assertThat(parentHolds || childExists).as("refused %s: %s (seed %d)", key, conflict.getMessage(), seed)
              .isTrue();
        }
      }
      assertThat(engine.list("", 0, 10_000)).as("seed %d", seed).isEqualTo(order);
      for (Map.Entry<String, String> e : model.entrySet()) {
        assertThat(engine.get(e.getKey())).as("%s (seed %d)", e.getKey(), seed)
            .isEqualTo(e.getValue());
      }
      assertThat(Disk.originalListing(engine.folder())).as("files on disk (seed %d)", seed)
          .isEqualTo(order);
    }
    try (FileEngine engine = FileEngine.open(base, "s")) {
      assertThat(engine.list("", 0, 10_000)).as("seed %d, after reopen", seed).isEqualTo(order);
    }
  }
}
